//! HTML bodies: the allow-list sanitiser applied to every `text/html` body before it is stored,
//! as Zammad's `sanitized_html` does on save (its `config/initializers/html_sanitizer.rb` lists,
//! applied with [`ammonia`]).
//!
//! What survives: the allow-listed tags (others are unwrapped, their text kept; `script`,
//! `style`, `iframe` and the other active containers go with their content), the allow-listed
//! attributes per tag, `class` only with Zammad's few known classes, `style` only with the
//! CSS properties Zammad allows on that tag (no `url()`, `expression()` or escapes). Links keep
//! `href` for http(s), ftp, mailto, tel and relative targets (never `javascript:`, `data:`, ...)
//! and get `rel="nofollow noreferrer noopener"` and `target="_blank"`; images keep `src` only
//! for `cid:`, `data:image/...` and http(s). Comments are dropped.
//!
//! ```
//! use helpdesk_domain::html::sanitize;
//!
//! let clean = sanitize(r#"<p onclick="x()">Hi<script>alert(1)</script></p>"#);
//! assert_eq!(clean, "<p>Hi</p>");
//! ```

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Tags kept (Zammad's `html_sanitizer_tags_allowlist`).
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "br",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "command",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "map",
    "mark",
    "menu",
    "meter",
    "nav",
    "ol",
    "output",
    "optgroup",
    "option",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "text",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "video",
];

/// Tags removed together with their content (Zammad's `tags_remove_content`: style, comment,
/// meta, script, title; plus the embedding and fallback containers, whose text is no message).
const REMOVE_WITH_CONTENT: &[&str] = &[
    "script", "style", "title", "meta", "iframe", "frame", "frameset", "object", "embed", "applet",
    "noscript", "noembed", "noframes", "template", "link", "base",
];

/// Attributes kept on every allowed tag.
const GENERIC_ATTRIBUTES: &[&str] = &[
    "class",
    "dir",
    "lang",
    "title",
    "translate",
    "data-signature",
    "data-signature-id",
];

/// Attributes kept per tag (Zammad's `html_sanitizer_attributes_allowlist`; `a`'s `rel` is not
/// listed because every link's `rel` is set).
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    (
        "a",
        &[
            "href",
            "hreflang",
            "name",
            "data-target-id",
            "data-target-type",
            "data-mention-user-id",
        ],
    ),
    ("abbr", &["title"]),
    ("blockquote", &["type", "cite"]),
    ("col", &["span", "width"]),
    ("colgroup", &["span", "width"]),
    ("del", &["cite", "datetime"]),
    ("dfn", &["title"]),
    (
        "img",
        &[
            "align", "alt", "border", "height", "src", "srcset", "width", "style",
        ],
    ),
    ("ins", &["cite", "datetime"]),
    ("li", &["value"]),
    ("ol", &["reversed", "start", "type"]),
    (
        "table",
        &[
            "align",
            "bgcolor",
            "border",
            "cellpadding",
            "cellspacing",
            "frame",
            "rules",
            "sortable",
            "summary",
            "width",
            "style",
        ],
    ),
    (
        "td",
        &[
            "abbr", "align", "axis", "colspan", "headers", "rowspan", "valign", "width", "style",
        ],
    ),
    (
        "th",
        &[
            "abbr", "align", "axis", "colspan", "headers", "rowspan", "scope", "sorted", "valign",
            "width", "style",
        ],
    ),
    ("tr", &["width", "style"]),
    ("ul", &["type"]),
    ("q", &["cite"]),
    ("span", &["style"]),
    ("div", &["style"]),
    ("time", &["datetime", "pubdate"]),
];

/// The CSS properties Zammad allows on table cells, rows and tables.
const TABLE_CSS: &[&str] = &[
    "background",
    "background-color",
    "color",
    "font-size",
    "vertical-align",
    "margin",
    "margin-top",
    "margin-right",
    "margin-bottom",
    "margin-left",
    "padding",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "text-align",
    "border",
    "border-top",
    "border-right",
    "border-bottom",
    "border-left",
    "border-collapse",
    "border-style",
    "border-spacing",
    "border-top-width",
    "border-right-width",
    "border-bottom-width",
    "border-left-width",
    "border-top-color",
    "border-right-color",
    "border-bottom-color",
    "border-left-color",
    "border-top-style",
    "border-right-style",
    "border-bottom-style",
    "border-left-style",
];

/// Declarations Zammad drops from table styles (text made invisible).
const TABLE_CSS_BLOCKED: &[&str] = &[
    "font-size:0",
    "font-size:0px",
    "font-size:0em",
    "font-size:0%",
    "font-size:1",
    "font-size:1px",
    "font-size:1em",
    "font-size:1%",
    "font-size:2",
    "font-size:2px",
    "font-size:2em",
    "font-size:2%",
    "font-size:3",
    "font-size:3px",
    "font-size:3em",
    "font-size:3%",
    "display:none",
    "visibility:hidden",
];

/// Declarations Zammad drops from `span` and `div` styles (text forced to black or white).
const TEXT_CSS_BLOCKED: &[&str] = &[
    "color:white",
    "color:black",
    "color:#000",
    "color:#000000",
    "color:#fff",
    "color:#ffffff",
    "color:rgb(0,0,0)",
];

/// The CSS properties allowed in a tag's `style`, and the declarations dropped anyway.
fn css_rules(tag: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    match tag {
        "img" => Some((
            &[
                "width",
                "height",
                "max-width",
                "min-width",
                "max-height",
                "min-height",
            ],
            &[],
        )),
        "span" | "div" => Some((&["color"], TEXT_CSS_BLOCKED)),
        "table" | "th" | "tr" | "td" => Some((TABLE_CSS, TABLE_CSS_BLOCKED)),
        _ => None,
    }
}

/// The classes Zammad's clients rely on; every other class is dropped.
const CLASSES: &[&str] = &["js-signatureMarker", "yahoo_quoted", "zammad-table"];

/// The URL schemes a URL attribute may name (`data:` and `cid:` only survive on `img src`).
const URL_SCHEMES: &[&str] = &["http", "https", "ftp", "mailto", "tel", "cid", "data"];

/// What every link gets.
const LINK_REL: &str = "nofollow noreferrer noopener";

/// The value with whitespace, control characters and CSS comments removed, lower-cased: what
/// a browser may still read as a scheme or a CSS function.
fn squeezed(value: &str) -> String {
    let mut out: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    while let Some(start) = out.find("/*") {
        match out[start + 2..].find("*/") {
            Some(end) => out.replace_range(start..start + 2 + end + 2, ""),
            None => out.truncate(start),
        }
    }
    out
}

/// Whether a (squeezed) value names a script scheme anywhere.
fn names_script(squeezed: &str) -> bool {
    ["javascript:", "vbscript:", "livescript:"]
        .iter()
        .any(|scheme| squeezed.contains(scheme))
}

/// Whether an image source may stay: `cid:`, `data:image/...` or http(s).
fn image_source_allowed(value: &str) -> bool {
    let value = squeezed(value);
    ["cid:", "data:image/", "http://", "https://"]
        .iter()
        .any(|prefix| value.starts_with(prefix))
}

/// A `style` value reduced to the declarations allowed on `tag`, or `None` when none is left.
fn clean_style(tag: &str, style: &str) -> Option<String> {
    let (allowed, blocked) = css_rules(tag)?;
    let mut out = String::new();
    for declaration in style.to_lowercase().split(';') {
        let Some((property, value)) = declaration.split_once(':') else {
            continue;
        };
        let (property, value) = (property.trim(), value.trim());
        if !allowed.contains(&property) || value.is_empty() {
            continue;
        }
        let compact = squeezed(declaration);
        if blocked.contains(&compact.as_str())
            || names_script(&compact)
            || ["url(", "expression(", "\\", "<", "@import"]
                .iter()
                .any(|bad| compact.contains(bad))
        {
            continue;
        }
        out.push_str(property);
        out.push(':');
        out.push_str(value);
        out.push(';');
    }
    (!out.is_empty()).then_some(out)
}

/// The last word on each attribute that survived the allow-lists.
fn filter_attribute<'a>(tag: &str, attribute: &str, value: &'a str) -> Option<Cow<'a, str>> {
    match attribute {
        "style" => clean_style(tag, value).map(Cow::Owned),
        "class" => {
            let kept: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|class| CLASSES.contains(class))
                .collect();
            (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
        }
        "src" if tag == "img" => image_source_allowed(value).then_some(Cow::Borrowed(value)),
        "src" => None,
        "href" | "cite" | "srcset" => {
            let compact = squeezed(value);
            (!names_script(&compact)
                && !compact.starts_with("data:")
                && !compact.starts_with("cid:"))
            .then_some(Cow::Borrowed(value))
        }
        _ => Some(Cow::Borrowed(value)),
    }
}

/// The configured sanitiser, built once.
fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let tag_attributes: HashMap<&str, HashSet<&str>> = TAG_ATTRIBUTES
            .iter()
            .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
            .collect();
        let mut builder = ammonia::Builder::empty();
        builder
            .tags(TAGS.iter().copied().collect())
            .clean_content_tags(REMOVE_WITH_CONTENT.iter().copied().collect())
            .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
            .tag_attributes(tag_attributes)
            .url_schemes(URL_SCHEMES.iter().copied().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(Some(LINK_REL))
            .set_tag_attribute_value("a", "target", "_blank")
            .strip_comments(true)
            .attribute_filter(filter_attribute);
        builder
    })
}

/// `html` reduced to Zammad's allow-list (see the module documentation).
pub fn sanitize(html: &str) -> String {
    builder().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_go_with_their_content() {
        assert_eq!(
            sanitize("<p>a<script>alert(1)</script>b</p><SCRIPT src=x.js></SCRIPT>"),
            "<p>ab</p>"
        );
        assert_eq!(sanitize("<svg><script>alert(1)</script></svg>ok"), "ok");
    }

    #[test]
    fn event_handlers_are_dropped() {
        assert_eq!(
            sanitize(r#"<img src="https://x.test/a.png" onerror="alert(1)" ONLOAD=alert(2)>"#),
            r#"<img src="https://x.test/a.png">"#
        );
        assert_eq!(
            sanitize(r#"<div onmouseover="alert(1)">x</div>"#),
            "<div>x</div>"
        );
    }

    #[test]
    fn script_urls_are_dropped() {
        for href in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "&#106;avascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        ] {
            let clean = sanitize(&format!(r#"<a href="{href}">x</a>"#));
            assert!(!clean.contains("href"), "{href}: {clean}");
            assert!(
                clean.contains(r#"rel="nofollow noreferrer noopener""#)
                    && clean.contains(r#"target="_blank""#),
                "{href}: {clean}"
            );
        }
        assert_eq!(
            sanitize(r#"<img src="javascript:alert(1)">"#),
            "<img>",
            "script image source"
        );
    }

    #[test]
    fn frames_and_embeds_are_removed() {
        assert_eq!(
            sanitize(r#"<iframe src="https://evil.test">inner</iframe><p>x</p>"#),
            "<p>x</p>"
        );
        assert_eq!(
            sanitize(r#"<object data="x.swf"><embed src="x.swf"></object>y"#),
            "y"
        );
        assert_eq!(sanitize("<form action=/x><input name=a>z</form>"), "z");
    }

    #[test]
    fn styles_keep_only_allowed_properties() {
        assert_eq!(
            sanitize("<style>body{display:none}</style><p>x</p>"),
            "<p>x</p>"
        );
        assert_eq!(
            sanitize(r#"<span style="color: red; position: fixed; top: 0">x</span>"#),
            r#"<span style="color:red;">x</span>"#
        );
        assert_eq!(
            sanitize(r#"<span style="color:#000">x</span>"#),
            "<span>x</span>"
        );
        assert_eq!(
            sanitize(concat!(
                r#"<table><tbody><tr><td style="background: url(https://track.test/p.gif); "#,
                r#"padding: 2px; display: none">x</td></tr></tbody></table>"#
            )),
            r#"<table><tbody><tr><td style="padding:2px;">x</td></tr></tbody></table>"#
        );
        assert_eq!(
            sanitize(r#"<p style="color:red">x</p>"#),
            "<p>x</p>",
            "no style on p"
        );
        assert_eq!(
            sanitize(r#"<div style="color: expression(alert(1))">x</div>"#),
            "<div>x</div>"
        );
    }

    #[test]
    fn allowed_markup_is_kept() {
        let html = concat!(
            r#"<p dir="ltr" lang="en">Hello <b>bold</b> <i>it</i> <u>u</u> <strong>s</strong></p>"#,
            r#"<blockquote type="cite">quoted</blockquote>"#,
            r#"<ol start="2"><li>one</li></ol><ul><li>two</li></ul>"#,
            r#"<table border="1"><tbody><tr><td colspan="2">cell</td></tr></tbody></table>"#,
            r#"<pre><code>let x = 1;</code></pre><br><hr>"#,
            r#"<div class="js-signatureMarker other">sig</div>"#,
        );
        let expected = html.replace(
            r#" class="js-signatureMarker other""#,
            r#" class="js-signatureMarker""#,
        );
        assert_eq!(sanitize(html), expected);
    }

    #[test]
    fn links_get_rel_and_target() {
        assert_eq!(
            sanitize(
                r#"<a href="https://example.com/x?a=1&amp;b=2" rel="opener" target="_self">x</a>"#
            ),
            r#"<a href="https://example.com/x?a=1&amp;b=2" target="_blank" rel="nofollow noreferrer noopener">x</a>"#
        );
        assert_eq!(
            sanitize(r#"<a href="mailto:a@b.test">m</a>"#),
            r#"<a href="mailto:a@b.test" target="_blank" rel="nofollow noreferrer noopener">m</a>"#
        );
    }

    #[test]
    fn images_keep_only_safe_sources() {
        for src in [
            "cid:part1.abc@example",
            "data:image/png;base64,iVBORw0KGgo=",
            "http://example.com/a.png",
            "https://example.com/a.png",
        ] {
            assert_eq!(
                sanitize(&format!(r#"<img src="{src}" alt="a">"#)),
                format!(r#"<img src="{src}" alt="a">"#),
                "{src}"
            );
        }
        for src in [
            "/relative.png",
            "ftp://x.test/a.png",
            "data:text/html,<b>x</b>",
        ] {
            assert_eq!(
                sanitize(&format!(r#"<img src="{src}" alt="a">"#)),
                r#"<img alt="a">"#,
                "{src}"
            );
        }
    }

    #[test]
    fn unknown_tags_are_unwrapped_and_comments_dropped() {
        assert_eq!(
            sanitize("<custom-tag>text</custom-tag><!-- note --><font color=red>f</font>"),
            "textf"
        );
        assert_eq!(sanitize("plain text & more"), "plain text &amp; more");
    }
}
