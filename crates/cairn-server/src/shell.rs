//! The built app's page, made to run under a Content-Security-Policy with no inline script:
//! Trunk writes its start-up code inline in `index.html`, so the server moves it to its own
//! file, `/cairn-init.js`, and serves the page without it.

use std::path::Path;

/// The page and its start-up script, ready to serve.
#[derive(Clone, Debug, Default)]
pub struct Shell {
    pub index: Option<String>,
    pub init: Option<String>,
}

/// Where the start-up script is served.
pub const INIT_PATH: &str = "/cairn-init.js";

/// Tells the app its page came from a Cairn server, so it asks the API who is signed in; on a
/// static host it knows there is no API without asking (and without an error in the console).
pub const MARKER: &str = "<meta name=\"cairn-server\" content=\"api/v1\">";

impl Shell {
    /// Reads `index.html` from the built app, if it is there.
    pub fn load(app_dir: &Path) -> Shell {
        match std::fs::read_to_string(app_dir.join("index.html")) {
            Ok(html) => Shell::from_html(&html),
            Err(_) => Shell::default(),
        }
    }

    /// Moves the first inline module script of `html` to [`INIT_PATH`], and marks the page as
    /// served by a Cairn server ([`MARKER`]).
    pub fn from_html(html: &str) -> Shell {
        let marked = html.replacen("</head>", &format!("{MARKER}</head>"), 1);
        Shell::moved(&marked)
    }

    fn moved(html: &str) -> Shell {
        const OPEN: &str = "<script type=\"module\">";
        let Some(start) = html.find(OPEN) else {
            return Shell {
                index: Some(html.to_string()),
                init: None,
            };
        };
        let body_start = start + OPEN.len();
        let Some(len) = html[body_start..].find("</script>") else {
            return Shell {
                index: Some(html.to_string()),
                init: None,
            };
        };
        let init = html[body_start..body_start + len].to_string();
        let index = format!(
            "{}<script type=\"module\" src=\"{INIT_PATH}\"></script>{}",
            &html[..start],
            &html[body_start + len + "</script>".len()..]
        );
        Shell {
            index: Some(index),
            init: Some(init),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inline_start_up_script_moves_to_its_own_file() {
        let html = "<head><script type=\"module\">\nimport init from '/a.js';\nawait init();\n</script><link rel=\"x\"></head>";
        let shell = Shell::from_html(html);
        assert_eq!(
            shell.index.unwrap(),
            "<head><script type=\"module\" src=\"/cairn-init.js\"></script><link rel=\"x\"><meta name=\"cairn-server\" content=\"api/v1\"></head>"
        );
        assert!(shell.init.unwrap().contains("await init();"));
    }
}
