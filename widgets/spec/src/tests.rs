use super::*;

fn args(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn defaults_fill_what_the_author_left_out() {
    let config = check_args("ring", &[]).unwrap();
    assert_eq!(config.int("nodes"), 5);
    assert_eq!(config.given_json(), "{}");
}

#[test]
fn given_values_round_trip_through_the_placeholder_json() {
    let config = check_args("ring", &args(&[("nodes", "7")])).unwrap();
    assert_eq!(config.given_json(), r#"{"nodes":7}"#);
    let again = check_json("ring", &config.given_json()).unwrap();
    assert_eq!(again, config);
}

#[test]
fn unknown_widget_suggests_the_closest_name() {
    let err = check_args("rnig", &[]).unwrap_err();
    assert_eq!(
        err,
        SpecError::UnknownWidget {
            name: "rnig".into(),
            suggestion: Some("ring")
        }
    );
    let text = err.to_string();
    assert!(text.contains("did you mean `ring`"), "{text}");
    let every: Vec<String> = crate::WIDGETS
        .iter()
        .map(|w| format!("`{}`", w.name))
        .collect();
    assert!(
        text.contains(&format!("expected one of {}", every.join(", "))),
        "{text}"
    );
    assert!(text.contains("`ring`, `rpc`, `raft`"), "{text}");
}

#[test]
fn unknown_widget_far_from_every_name_gets_no_suggestion() {
    let err = check_args("paxos-but-wrong", &[]).unwrap_err();
    assert!(!err.to_string().contains("did you mean"), "{err}");
}

#[test]
fn unknown_parameter_lists_the_expected_ones() {
    let err = check_args("ring", &args(&[("node", "5")])).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("widget `ring` has no parameter `node` (did you mean `nodes`?)"),
        "{text}"
    );
    assert!(text.contains("expected one of `nodes`"), "{text}");
}

#[test]
fn ill_typed_and_out_of_range_values_say_what_was_expected() {
    for bad in ["many", "2", "10", "5.5", ""] {
        let err = check_args("ring", &args(&[("nodes", bad)])).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("widget `ring`: parameter `nodes` expects an integer from 3 to 9, got `{bad}`")
        );
    }
    let err = check_args("host-check", &args(&[("panic", "yes")])).unwrap_err();
    assert!(
        err.to_string().contains("expects true or false, got `yes`"),
        "{err}"
    );
}

#[test]
fn a_parameter_given_twice_is_refused() {
    let err = check_args("ring", &args(&[("nodes", "4"), ("nodes", "5")])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "widget `ring`: parameter `nodes` is given twice"
    );
}

#[test]
fn placeholder_json_is_checked_as_strictly_as_a_directive() {
    assert!(matches!(
        check_json("ring", "[1]"),
        Err(SpecError::BadJson { .. })
    ));
    assert!(matches!(
        check_json("ring", "{nodes: 3"),
        Err(SpecError::BadJson { .. })
    ));
    let err = check_json("ring", r#"{"nodes":"many"}"#).unwrap_err();
    assert!(err.to_string().contains(r#"got `"many"`"#), "{err}");
    let err = check_json("ring", r#"{"nodes":42}"#).unwrap_err();
    assert!(err.to_string().contains("from 3 to 9, got `42`"), "{err}");
    let err = check_json("ring", r#"{"nodes":3.5}"#).unwrap_err();
    assert!(err.to_string().contains("got `3.5`"), "{err}");
    let err = check_json("ring", r#"{"colour":"red"}"#).unwrap_err();
    assert!(matches!(err, SpecError::UnknownParam { .. }), "{err}");
}

#[test]
fn choice_parameters_accept_only_listed_names() {
    static KIND: ParamKind = ParamKind::Choice(&["calm", "storm"]);
    assert_eq!(KIND.expected(), "one of `calm`, `storm`");
}

#[test]
fn every_default_passes_its_own_check() {
    for widget in WIDGETS {
        let config = check_args(widget.name, &[]).unwrap();
        for param in widget.params {
            let value = param.default.value();
            check_range(widget, param, &value, "default").unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(config.values[param.name], value);
        }
    }
}

#[test]
fn registry_names_are_unique() {
    let mut names: Vec<&str> = WIDGETS.iter().map(|w| w.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), WIDGETS.len());
}

#[test]
fn edit_distance_counts_single_character_edits() {
    assert_eq!(edit_distance("raft", "raft"), 0);
    assert_eq!(edit_distance("raft", "rat"), 1);
    assert_eq!(edit_distance("paxos", "praxis"), 2);
    assert_eq!(edit_distance("", "abc"), 3);
}
