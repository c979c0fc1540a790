//! Reading shell commands out of Markdown: the lines of `sh` code blocks, and the variable
//! assignments in front of a command.

/// The info strings of the code blocks that hold shell commands.
const SHELL_BLOCKS: &[&str] = &["sh", "bash", "shell"];

/// The commands of the shell code blocks in `markdown`, in order: each line without its comment,
/// lines ending in `\` joined with the next, blank and comment-only lines left out.
pub fn commands(markdown: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut in_shell_block = false;
    let mut pending = String::new();
    for line in markdown.lines() {
        let trimmed = line.trim();
        if let Some(info) = trimmed.strip_prefix("```") {
            in_shell_block = !in_shell_block && SHELL_BLOCKS.contains(&info.trim());
            continue;
        }
        if !in_shell_block {
            continue;
        }
        let code = without_comment(trimmed);
        match code.strip_suffix('\\') {
            Some(start) => {
                pending.push_str(start.trim_end());
                pending.push(' ');
            }
            None => {
                pending.push_str(code);
                if !pending.trim().is_empty() {
                    commands.push(pending.trim().to_owned());
                }
                pending.clear();
            }
        }
    }
    commands
}

/// The line up to a `#` that starts a comment (outside quotes, at the start or after a blank),
/// without trailing blanks.
fn without_comment(line: &str) -> &str {
    let mut quote = None;
    let mut previous = ' ';
    for (index, character) in line.char_indices() {
        match (quote, character) {
            (None, '\'' | '"') => quote = Some(character),
            (Some(open), _) if open == character => quote = None,
            (None, '#') if previous.is_whitespace() => return line[..index].trim_end(),
            _ => {}
        }
        previous = character;
    }
    line.trim_end()
}

/// The `NAME=value` words in front of a command, with single quotes removed.
pub fn assignments(command: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for word in words(command) {
        match word.split_once('=') {
            Some((name, value)) if is_name(name) => found.push((name.to_owned(), value.to_owned())),
            _ => break,
        }
    }
    found
}

/// Whether `text` is a shell variable name.
fn is_name(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The blank-separated words of a command, single quotes removed (the README quotes no other
/// way).
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for character in command.chars() {
        match character {
            '\'' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Quotes `text` as one shell word.
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_come_from_shell_blocks_without_comments() {
        let markdown = "Text `cargo inline`.\n\n```sh\n# a comment\ncargo xtask db     # starts \
                        them\necho 'a # kept' \\\n  --flag\n\n```\n\n```toml\nkey = 1\n```\n";
        assert_eq!(
            commands(markdown),
            ["cargo xtask db", "echo 'a # kept' --flag"]
        );
    }

    #[test]
    fn assignments_stop_at_the_command() {
        assert_eq!(
            assignments("A=a B='b c' cargo run X=y"),
            [
                ("A".to_owned(), "a".to_owned()),
                ("B".to_owned(), "b c".to_owned())
            ]
        );
        assert!(assignments("cargo xtask run").is_empty());
    }

    #[test]
    fn a_quoted_word_stays_one_word() {
        assert_eq!(quote("it's"), r"'it'\''s'");
    }
}
