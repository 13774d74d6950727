import { Link } from "react-router";
import { Empty } from "../components/ui/States.tsx";
import { useTitle } from "../lib/title.ts";

export function NotFound() {
  useTitle("Not found");
  return (
    <>
      <div className="page-head">
        <h1>Not found</h1>
      </div>
      <Empty title="Nothing here">
        This page does not exist or you do not have access to it. <Link to="/">Back to the inbox</Link>
      </Empty>
    </>
  );
}
