import { table, col } from "alab";

// auth.role -> SQL table auth_role
export default table({
  id: col.id(),
  name: col.name().unique(), // string(100), unique
}).timestamps();
