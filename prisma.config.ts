import { defineConfig } from "prisma/config";

// `env("DATABASE_URL")` throws when the variable is unset, which would break `prisma generate`
// on machines that use the embedded database; read it conditionally instead.
const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(url ? { datasource: { url } } : {}),
});
