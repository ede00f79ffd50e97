//! The command line reads saved pages through the same core as the extension.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn animateur(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_animateur"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn prints_the_snapshot_of_a_saved_page() {
    let (code, stdout, _) = animateur(&[
        "page",
        "www/discussion-thread.html",
        "--now",
        "2026-11-23T10:00:00Z",
        "--utc-offset",
        "60",
    ]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let snapshot = &json["snapshot"];
    assert_eq!(snapshot["kind"], "sp-classic-discussion-thread");
    assert_eq!(snapshot["takenAt"], 1_795_428_000);
    assert_eq!(snapshot["threads"][0]["items"].as_array().unwrap().len(), 7);
    assert_eq!(snapshot["viewer"]["key"], "id:16");
    // Seven posts; four distinct people (ids 12, 35, 9 and 58).
    let stats = &json["stats"];
    assert_eq!(stats["m1Items"]["value"], 7);
    assert_eq!(stats["m2Contributors"]["value"], 4);
    // Fewer than five contributors: no inequality figure, and a reason instead of 0.
    assert_eq!(stats["m19Gini"]["undefined"], "too_few_contributors");
    // The question has a best reply.
    assert_eq!(stats["m11ResolutionRate"]["value"]["count"], 1);
}

#[test]
fn settings_name_staff_and_the_expected_response_time() {
    let dir = std::env::temp_dir().join(format!("animateur-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let settings = dir.join("settings.json");
    // Laura Chen becomes staff; 720 working hours: no comment has waited that long.
    // The bad key is reported and ignored, the others still apply.
    std::fs::write(
        &settings,
        r#"{"staff": ["Laura Chen"], "slaHours": 720, "businessHours": "late"}"#,
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "page",
            "www/blog-post.html",
            "--now",
            "2026-11-23T10:00:00Z",
        ];
        args.extend_from_slice(extra);
        let (code, stdout, stderr) = animateur(&args);
        assert_eq!(code, 0, "{stderr}");
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        (json["stats"].clone(), stderr)
    };
    let (plain, _) = run(&[]);
    assert_eq!(plain["m2Contributors"]["value"], 4);
    assert_eq!(plain["m9ThreadsWithoutResponse"]["value"]["count"], 6);
    let (set, stderr) = run(&["--settings", settings.to_str().unwrap()]);
    assert_eq!(set["m2Contributors"]["value"], 3);
    assert_eq!(set["m9ThreadsWithoutResponse"]["value"]["count"], 0);
    assert!(stderr.contains("'businessHours' ignored"), "{stderr}");
    std::fs::write(&settings, "not json").unwrap();
    let (code, _, stderr) = animateur(&[
        "page",
        "www/blog-post.html",
        "--settings",
        settings.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not JSON"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_page_it_does_not_read_is_null_not_an_error() {
    let (code, stdout, _) = animateur(&["page", "www/not-sharepoint.html"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(json["snapshot"].is_null());
    assert!(json["stats"].is_null());
}

#[test]
fn bad_input_gets_a_clear_message_and_a_non_zero_exit() {
    for (args, expected) in [
        (
            vec!["page", "www/no-such-page.html"],
            "cannot read www/no-such-page.html",
        ),
        (vec!["page"], "missing FILE.html"),
        (vec![], "missing command"),
        (vec!["pages", "x"], "unknown command 'pages'"),
        (
            vec!["page", "www/index.html", "--now", "hier"],
            "--now must be an ISO-8601 instant",
        ),
        (
            vec!["page", "www/index.html", "--lang", "de"],
            "--lang must be fr or en",
        ),
        (
            vec!["page", "www/index.html", "--now"],
            "--now needs a value",
        ),
    ] {
        let (code, stdout, stderr) = animateur(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(stdout.is_empty(), "{args:?}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

fn animateur_stdin(args: &[&str], input: &str) -> (i32, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_animateur"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn text_prints_one_result_per_line_with_spans() {
    let input = "Merci pour ce retour très clair.\nMon IBAN : FR76 3000 6000 0112 3456 7890 189\n";
    let (code, stdout) = animateur_stdin(&["text"], input);
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["findings"].as_array().unwrap().len(), 0);
    let iban = &lines[1]["findings"][0];
    assert_eq!(iban["category"], "personalData");
    // The span covers the IBAN as typed, spaces included: bytes 11..44.
    assert_eq!(
        (iban["start"].as_u64(), iban["end"].as_u64()),
        (Some(11), Some(44))
    );
}

#[test]
fn text_json_lines_and_configured_terms() {
    let input = "{\"text\": \"Le projet Titan avance\"}\nnot json\n";
    let (code, stdout) = animateur_stdin(&["text", "--json", "--terms", "titan"], input);
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["findings"][0]["category"], "confidential");
    assert!(lines[1]["error"].as_str().unwrap().contains("JSON object"));
}

#[test]
fn with_a_viewer_it_prints_the_nudge_and_why_others_wait() {
    let nudges = |viewer: &str, now: &str| {
        let (code, stdout, stderr) = animateur(&[
            "page",
            "www/discussion-list.html",
            "--now",
            now,
            "--utc-offset",
            "60",
            "--viewer",
            viewer,
        ]);
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str::<serde_json::Value>(&stdout).unwrap()["nudges"].clone()
    };
    // Monday 11:00 in Paris: the question still waiting (thread 33, asked by id:41)
    // is offered to someone else as "be the first to answer"…
    let other = nudges("id:16", "2026-11-23T10:00:00Z");
    assert_eq!(other["show"]["rule"], "R01");
    assert_eq!(other["show"]["object"], "33");
    // The community-manager hints come along: thread 33 is in the unanswered queue.
    let h1 = other["hints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "H1");
    assert!(h1.unwrap()["threads"]
        .as_array()
        .unwrap()
        .contains(&"33".into()));
    // …and to the person who asked as "revive your question" (48 working hours).
    let asker = nudges("id:41", "2026-11-23T10:00:00Z");
    assert_eq!(asker["show"]["rule"], "R05");
    // On a Sunday nothing shows, and the reason is given.
    let sunday = nudges("id:16", "2026-11-22T10:00:00Z");
    assert!(sunday["show"].is_null());
    assert_eq!(sunday["waiting"][0]["reason"], "outsideWorkingHours");
    // Without --viewer there is no nudge section; --last-visit alone is refused.
    let (_, stdout, _) = animateur(&[
        "page",
        "www/discussion-list.html",
        "--now",
        "2026-11-23T10:00:00Z",
    ]);
    assert!(serde_json::from_str::<serde_json::Value>(&stdout)
        .unwrap()
        .get("nudges")
        .is_none());
    let (code, _, stderr) = animateur(&[
        "page",
        "www/discussion-list.html",
        "--last-visit",
        "2026-11-20T10:00:00Z",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--last-visit needs --viewer"), "{stderr}");
}

#[test]
fn a_new_thread_form_and_a_draft_typed_into_it() {
    let page = |file: &str, extra: &[&str]| {
        let mut args = vec![
            "page",
            file,
            "--now",
            "2026-11-23T10:00:00Z",
            "--utc-offset",
            "60",
        ];
        args.extend_from_slice(extra);
        let (code, stdout, stderr) = animateur(&args);
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str::<serde_json::Value>(&stdout).unwrap()
    };
    // The standalone form is not a page Animateur reads, but it has the form.
    let form = page("www/discussion-newform.html", &[]);
    assert!(form["snapshot"].is_null());
    assert_eq!(form["threadForm"]["questionBox"], true);
    assert!(form.get("writing").is_none());
    // A short question: R06, about the form's page.
    let short = page(
        "www/discussion-newform.html",
        &["--draft-title", "VPN ?", "--question"],
    );
    assert_eq!(short["writing"]["show"]["rule"], "R06");
    assert_eq!(
        short["writing"]["show"]["object"],
        "file://www/discussion-newform.html"
    );
    // The draft is never echoed.
    assert!(!short.to_string().contains("VPN ?"));
    // A precise question with context: nothing to say.
    let precise = page(
        "www/discussion-newform.html",
        &[
            "--draft-title",
            "Le VPN se coupe toutes les vingt minutes ?",
            "--draft-body",
            "Depuis lundi, chez moi, la connexion tombe toutes les vingt minutes et je perds \
             ma session sur les applications métier ; le wifi tient bon.",
            "--question",
        ],
    );
    assert!(precise["writing"]["show"].is_null());
    // On the board, a title close to thread 47 ("VPN qui se coupe en télétravail").
    let board = page(
        "www/discussion-board.html",
        &["--draft-title", "Le VPN se coupe souvent en télétravail"],
    );
    assert_eq!(board["writing"]["show"]["rule"], "R19");
    assert_eq!(board["writing"]["show"]["object"], "47");
    // A page without such a form refuses a draft.
    let (code, _, stderr) = animateur(&["page", "www/discussion-list.html", "--question"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("new-thread form"), "{stderr}");
    assert!(page("www/discussion-list.html", &[])
        .get("threadForm")
        .is_none());
}
