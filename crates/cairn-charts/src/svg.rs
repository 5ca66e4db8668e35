//! Finishing plotters' SVG: accessible name and description, and scaling to the container.

/// Escapes text for use in SVG or HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Gives the SVG a role, a title and a description for screen readers, and lets it scale to
/// the width of its container.
pub fn finish(svg: String, title: &str, description: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let (open, rest) = svg.split_at(open_end);
    let open = open
        .replacen(
            "<svg ",
            "<svg role=\"img\" preserveAspectRatio=\"xMidYMid meet\" ",
            1,
        )
        .replacen(" width=", " data-width=", 1)
        .replacen(" height=", " data-height=", 1);
    format!(
        "{open}><title>{}</title><desc>{}</desc>{}",
        escape(title),
        escape(description),
        &rest[1..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn finishing_adds_a_title_and_description_after_the_opening_tag() {
        let svg = finish(
            "<svg width=\"10\" height=\"5\" viewBox=\"0 0 10 5\"><g/></svg>".into(),
            "A <b>",
            "D",
        );
        assert!(svg.starts_with("<svg role=\"img\""));
        assert!(svg.contains("<title>A &lt;b&gt;</title><desc>D</desc><g/>"));
        assert!(svg.contains("data-width=\"10\""));
    }
}
