//! Plan tokens: 128 random bits from the operating system, written as 22 URL-safe base64
//! characters. The token is the secret in a plan's link; only its SHA-256 is stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::store::Key;

/// A plan's token.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl std::fmt::Debug for Token {
    // Never in a log by accident.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

impl Token {
    /// A new token, from the operating system's random source.
    pub fn new() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)?;
        Ok(Token(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// The token of 16 secret bytes made elsewhere (see [`super::seal::ServerKey::list_row`]).
    pub fn from_secret(bytes: [u8; 16]) -> Self {
        Token(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Reads a token from a URL: exactly 22 URL-safe base64 characters that decode to 16
    /// bytes; anything else is `None`, and is answered like an unknown token.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        (bytes.len() == 16 && text.len() == 22 && URL_SAFE_NO_PAD.encode(&bytes) == text)
            .then(|| Token(text.to_string()))
    }

    /// The token as it goes in links.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key its record is stored under.
    pub fn key(&self) -> Key {
        Key(Sha256::digest(self.0.as_bytes()).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_url_safe_and_round_trip() {
        let a = Token::new().unwrap();
        let b = Token::new().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 22);
        assert!(
            a.as_str()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_eq!(Token::parse(a.as_str()), Some(a.clone()));
        assert_ne!(a.key(), b.key());
        assert_eq!(format!("{a:?}"), "Token(…)");
    }

    #[test]
    fn malformed_tokens_are_refused() {
        let good = Token::new().unwrap();
        for bad in [
            "",
            "short",
            "../../etc/passwd",
            &format!("{}=", good.as_str()),
            &format!("{}A", good.as_str()),
            "AAAAAAAAAAAAAAAAAAAAA+",
        ] {
            assert_eq!(Token::parse(bad), None, "{bad}");
        }
    }
}
