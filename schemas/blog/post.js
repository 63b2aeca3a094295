import { table, col } from "alab";

// blog.post -> SQL table blog_post
export default table({
  id: col.id(),
  author: col.belongs_to("auth.user"), // author_id uuid, FK -> auth_user(id), indexed
  title: col.title(), // string(200)
  slug: col.slug(), // string(255), unique
  body: col.text(),
  status: col.enum(["draft", "published", "archived"]).default("draft"),
  published_at: col.datetime().optional(),
})
  .timestamps()
  .soft_delete();
