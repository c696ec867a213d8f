import { Board } from "@/components/board";

export const dynamic = "force-dynamic";

export default function BoardPage() {
  return <Board />;
}
