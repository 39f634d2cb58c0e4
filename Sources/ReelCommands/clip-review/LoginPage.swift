/// The sign-in page of `clip-review serve`: a name, a password, a button.
struct LoginPage {
    var title: String
    /// Said above the form (a refused sign-in), or nil.
    var message: String?
    /// A script run after the page's own (tests drive the page with it), or nil.
    var extraScript: String?

    var html: String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sign in: \(ReviewPage.escaped(title))</title>
        <style>
          :root { color-scheme: dark; }
          body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: #0d1117; color: #e6edf3; display: grid;
                 place-items: center; height: 100vh; }
          form { display: grid; gap: 10px; width: 280px; }
          input, button { font: inherit; padding: 6px 10px; border-radius: 6px; border: 1px solid #30363d; background: #161b22; color: inherit; }
          .message { color: #f85149; }
        </style>
        </head>
        <body>
        <form id="login" method="post" action="/login">
          <h1>\(ReviewPage.escaped(title))</h1>
          \(message.map { "<p id=\"message\" class=\"message\">\(ReviewPage.escaped($0))</p>" } ?? "")
          <label>Name <input id="user" name="user" autocomplete="username" required></label>
          <label>Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>
          <button type="submit">Sign in</button>
        </form>
        \(extraScript.map { "<script>\n" + ReviewPage.scriptText($0) + "\n</script>" } ?? "")
        </body>
        </html>
        """
    }
}
