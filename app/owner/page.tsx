import { OwnerConsole } from "@/components/launch/owner-console";

export const dynamic = "force-dynamic";

export default function OwnerPage() {
  return <OwnerConsole />;
}
