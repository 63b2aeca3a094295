// Migration: edits

export default migration({
  up(m) {
    m.rename_table("blog.post", "blog.article");
    m.rename_column("auth.user", "username", "login");
    m.rename_index("blog.article", "idx_blog_post_author_id", "idx_blog_article_author_id");
    m.drop_foreign_key("blog.article", "fk_blog_post_author_id");
    m.drop_column("auth.user", "password"); // DESTRUCTIVE: drops column auth.user.password and its data
    m.drop_column("blog.article", "body"); // DESTRUCTIVE: drops column blog.article.body and its data

    // Table: blog.comment
    m.create_table("blog.comment", (t) => {
      t.id();
      t.belongs_to("blog.article").on_delete("CASCADE");
      t.text("body");
      t.json("meta").default({ "a-b": [1, null], tags: ["x"] });
      t.timestamps();
    });
    // Index: blog.comment
    m.create_index("blog.comment", ["article_id"], {
      name: "idx_blog_comment_article_id",
    });

    m.add_column("auth.user", (t) => {
      t.integer("age").optional().min(0).max(150);
    });
    m.add_column("auth.user", (t) => {
      t.string("password_hash", 255).backfill("!");
    });
    m.add_column("blog.article", (t) => {
      t.belongs_to("auth.user").as("editor").optional().on_delete("SET NULL");
    });
    m.add_column("blog.article", (t) => {
      t.string("summary", 500).backfill("").docs("shown in lists; \"short\"");
    });
    m.add_column("blog.article", (t) => {
      t.integer("views").default(0);
    });
    m.alter_column("blog.article", "status", (t) => t.enum("status", ["draft", "published"]).default("draft")); // DESTRUCTIVE: removes enum value "archived"
    m.alter_column("blog.article", "title", (t) => t.string("title", 100)); // DESTRUCTIVE: narrows string(200) to string(100)
    m.add_check("auth.user", "chk_adult", "age IS NULL OR age >= 18");
    // Index: blog.article
    m.create_index("blog.article", ["editor_id"], {
      name: "idx_blog_article_editor_id",
    });
    // Index: blog.article
    m.create_index("blog.article", ["slug", "title"], {
      unique: true,
      name: "uq_blog_article_slug_title",
    });
    m.add_foreign_key("blog.article", ["author_id"], "auth.user", ["id"], {
      name: "fk_blog_article_author_id",
      on_delete: "CASCADE",
    });
  },

  down(m) {
    m.drop_foreign_key("blog.article", "fk_blog_article_author_id");
    m.drop_index("uq_blog_article_slug_title");
    m.drop_index("idx_blog_article_editor_id");
    m.drop_check("auth.user", "chk_adult");
    m.alter_column("blog.article", "title", (t) => t.string("title", 200));
    m.alter_column("blog.article", "status", (t) => t.enum("status", ["draft", "published", "archived"]).default("draft"));
    m.drop_column("blog.article", "views");
    m.drop_column("blog.article", "summary");
    m.drop_foreign_key("blog.article", "fk_blog_article_editor_id");
    m.drop_column("blog.article", "editor_id");
    m.drop_column("auth.user", "password_hash");
    m.drop_column("auth.user", "age");
    m.drop_table("blog.comment");
    m.add_column("blog.article", (t) => {
      t.text("body");
    });
    m.add_column("auth.user", (t) => {
      t.string("password", 255);
    });
    m.add_foreign_key("blog.article", ["author_id"], "auth.user", ["id"], {
      name: "fk_blog_post_author_id",
    });
    m.rename_index("blog.article", "idx_blog_article_author_id", "idx_blog_post_author_id");
    m.rename_column("auth.user", "login", "username");
    m.rename_table("blog.article", "blog.post");
  },
});
