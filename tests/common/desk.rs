//! The front desk's sign-in, as a browser does it: the sign-in form's cookie and token, then
//! the form posted with them.

use super::Dir;
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

pub const PASSWORD: &str = "correct horse battery";

pub fn add_user(dir: &Dir, name: &str, admin: bool) {
    let mut args = vec![
        "desk",
        "add-user",
        name,
        "--password-stdin",
        "--db",
        "plans.db",
    ];
    if admin {
        args.push("--admin");
    }
    let out = dir.run_with(&args, format!("{PASSWORD}\n").as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A signed-in desk, whose browser asks for `lang` (`Accept-Language`) when given.
pub struct Desk<'s> {
    pub server: &'s Server,
    pub cookie: String,
    pub form_token: String,
    pub lang: Option<String>,
}

impl<'s> Desk<'s> {
    /// The request's headers: the sign-in's cookie, and the browser's languages.
    fn headers<'a>(&'a self, more: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut headers = vec![("Cookie", self.cookie.as_str())];
        if let Some(lang) = &self.lang {
            headers.push(("Accept-Language", lang.as_str()));
        }
        headers.extend_from_slice(more);
        headers
    }

    pub fn post(&self, path: &str, pairs: &[(&str, &str)]) -> Reply {
        let origin = self.server.base();
        self.server.request(
            "POST",
            path,
            &self.headers(&[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Origin", &origin),
            ]),
            encode(pairs).as_bytes(),
        )
    }

    pub fn get(&self, path: &str) -> Reply {
        self.server.request("GET", path, &self.headers(&[]), b"")
    }

    /// Posts a multipart form from this origin with the sign-in's cookie; `file` is
    /// (field, file name, bytes).
    pub fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> Reply {
        let boundary = "----desk-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
            );
        }
        if let Some((field, file_name, bytes)) = file {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n\r\n").as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let origin = self.server.base();
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.server.request(
            "POST",
            path,
            &self.headers(&[("Content-Type", &content_type), ("Origin", &origin)]),
            &body,
        )
    }

    /// Posts the hand-over form, with the sign-in's form token unless `token` says otherwise.
    pub fn hand_over(&self, fields: &[(&str, &str)], token: Option<&str>) -> Reply {
        let mut all = vec![("form_token", token.unwrap_or(&self.form_token))];
        all.extend_from_slice(fields);
        self.post_multipart("/desk/handover", &all, None)
    }

    /// Posts the settings form.
    pub fn settings(&self, clinic: &str, protocol: &str, logo: Option<&[u8]>) -> Reply {
        self.post_multipart(
            "/desk/settings",
            &[
                ("form_token", &self.form_token),
                ("clinic", clinic),
                ("protocol", protocol),
            ],
            logo.map(|bytes| ("logo", "logo.png", bytes)),
        )
    }
}

/// Signs in; the reply when refused.
pub fn sign_in<'s>(server: &'s Server, name: &str, password: &str) -> Result<Desk<'s>, Reply> {
    sign_in_from(server, name, password, None)
}

/// Signs in from `forwarded` (a client behind the proxy) or directly.
pub fn sign_in_from<'s>(
    server: &'s Server,
    name: &str,
    password: &str,
    forwarded: Option<&str>,
) -> Result<Desk<'s>, Reply> {
    let form = sign_in_form(server);
    let reply = post_sign_in(server, &form, name, password, forwarded);
    if reply.status != 303 {
        return Err(reply);
    }
    let cookie = set_cookie(&reply, "__Host-aftercare-desk").expect("the sign-in cookie");
    let attributes = reply
        .headers
        .iter()
        .find(|(n, v)| {
            n.eq_ignore_ascii_case("set-cookie") && v.starts_with("__Host-aftercare-desk=")
        })
        .unwrap()
        .1
        .clone();
    for attribute in [
        "Secure",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/",
        "Max-Age=",
    ] {
        assert!(
            attributes.contains(attribute),
            "{attribute} in {attributes}"
        );
    }
    let home = server.request("GET", "/desk", &[("Cookie", &cookie)], b"");
    assert_eq!(home.status, 200, "{}", home.text());
    Ok(Desk {
        server,
        form_token: form_token(&home.text()),
        cookie,
        lang: None,
    })
}
