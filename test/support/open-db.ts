// Child process for client.int.test.ts: opens the database named by the environment, prints
// describeDb() as JSON and closes it; on failure prints the error and exits with 3.
import { closeDb, describeDb } from "@/lib/db/client";

try {
  console.log(JSON.stringify(await describeDb()));
  await closeDb();
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exit(3);
}
