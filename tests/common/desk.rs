//! The front desk's sign-in, as a browser does it: the sign-in form's cookie and token, then
//! the form posted with them.

use super::server::{Reply, Server};

/// The value of `name="form_token"` in a page.
pub fn form_token(html: &str) -> String {
    let at = html
        .find("name=\"form_token\" value=\"")
        .expect("a form token")
        + 25;
    html[at..].split('"').next().unwrap().to_string()
}

/// `NAME=VALUE` of a Set-Cookie header for `name`.
pub fn set_cookie(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
        .map(|(_, v)| v.split(';').next().unwrap().to_string())
        .find(|c| c.starts_with(&format!("{name}=")))
}

/// A form body of `pairs`.
pub fn encode(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// The sign-in form's cookie and token.
pub fn sign_in_form(server: &Server) -> (String, String) {
    let page = server.get("/desk/signin");
    assert_eq!(page.status, 200);
    let pre = set_cookie(&page, "__Host-aftercare-signin").expect("the sign-in form's cookie");
    (pre, form_token(&page.text()))
}

/// Posts the sign-in form (from behind a proxy saying `forwarded`, when given).
pub fn post_sign_in(
    server: &Server,
    (pre, token): &(String, String),
    name: &str,
    password: &str,
    forwarded: Option<&str>,
) -> Reply {
    let origin = server.base();
    let mut headers = vec![
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Origin", origin.as_str()),
        ("Cookie", pre.as_str()),
    ];
    if let Some(address) = forwarded {
        headers.push(("X-Forwarded-For", address));
    }
    server.request(
        "POST",
        "/desk/signin",
        &headers,
        encode(&[
            ("name", name),
            ("password", password),
            ("form_token", token),
        ])
        .as_bytes(),
    )
}
