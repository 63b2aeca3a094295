import { table, col } from "alab";

// auth.user -> SQL table auth_user; roles through the junction table auth_role_auth_user
export default table({
  id: col.id(),
  email: col.email().unique(), // string(255)
  username: col.username().unique(), // string(50)
  password: col.password_hash(), // string(255)
  is_active: col.flag(true), // boolean, default true
})
  .timestamps()
  .many_to_many("auth.role");
