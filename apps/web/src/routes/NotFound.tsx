import { Link } from "react-router";
import { Empty } from "../components/ui/States.tsx";

export function NotFound() {
  return (
    <Empty title="Nothing here">
      This page does not exist or you do not have access to it. <Link to="/">Back to the inbox</Link>
    </Empty>
  );
}
