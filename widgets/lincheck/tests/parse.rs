//! The parsers on real-looking inputs, their errors, and round trips.

use dsw_lincheck::generate::{GenConfig, generate};
use dsw_lincheck::parse::{Format, ParseError, edn, parse, parse_bytes, to_edn, to_log};
use dsw_lincheck::{Action, History, Model, Outcome, Value, check};

fn err(text: &str, format: Format) -> ParseError {
    match parse(text, format) {
        Ok(h) => panic!("expected an error, parsed:\n{h}"),
        Err(e) => e,
    }
}

const KNOSSOS_LOG: &str = "\
INFO  jepsen.core - Worker 0 starting
2017-03-14 10:11:12,345{GMT}\tINFO\t[jepsen worker 0] jepsen.util - 0\t:invoke\t:write\t4
INFO  jepsen.util - 1\t:invoke\t:read\tnil
INFO  jepsen.util - :nemesis\t:info\t:start\tnil
INFO  jepsen.util - 0\t:ok\t:write\t4
INFO  jepsen.util - 1   :ok   :read   4
INFO  jepsen.util - 2\t:invoke\t:cas\t[4 5]
INFO  jepsen.util - 3\t:invoke\t:cas\t[1 2]
INFO  jepsen.util - 3\t:fail\t:cas\t[1 2]
INFO  jepsen.util - 2\t:info\t:cas\t[4 5]\t:timed-out
INFO  jepsen.util - 2\t:invoke\t:read\tnil
INFO  jepsen.util - 2\t:ok\t:read\t5
INFO  jepsen.util - 4\t:invoke\t:write\t0
";

#[test]
fn jepsen_logs() {
    let h = parse(KNOSSOS_LOG, Format::Auto).expect("parses");
    assert_eq!(h.len(), 6);
    let o = &h.ops;
    assert_eq!(
        (o[0].process, &o[0].action, o[0].outcome),
        (0, &Action::Write(Value::Int(4)), Outcome::Ok)
    );
    assert_eq!(o[1].result, Some(Value::Int(4)));
    assert_eq!(
        o[2].action,
        Action::Cas {
            from: Value::Int(4),
            to: Value::Int(5)
        }
    );
    assert_eq!(
        (o[2].outcome, o[2].complete.is_some()),
        (Outcome::Unknown, true)
    );
    assert_eq!(o[3].outcome, Outcome::Fail);
    // Process 2 is reused after its :info.
    assert_eq!(
        (o[4].process, o[4].outcome, o[4].result.clone()),
        (2, Outcome::Ok, Some(Value::Int(5)))
    );
    // Never completed: unknown, no completion time.
    assert_eq!((o[5].outcome, o[5].complete), (Outcome::Unknown, None));
    // Times are event numbers, nemesis and other lines excluded.
    assert_eq!((o[0].invoke, o[0].complete), (0, Some(2)));
    assert!(check(&h, Model::Register).expect("fits").is_linearizable());
}

#[test]
fn a_process_reused_without_a_completion() {
    let text = "1 :invoke :write 1\n1 :invoke :read nil\n1 :ok :read 1\n";
    let h = parse(text, Format::Log).expect("parses");
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h.ops[0].outcome, h.ops[0].complete),
        (Outcome::Unknown, None)
    );
    assert_eq!(h.ops[1].result, Some(Value::Int(1)));
    assert!(check(&h, Model::Register).expect("fits").is_linearizable());
}

#[test]
fn independent_tuples_become_keys() {
    let text = "\
INFO  jepsen.util - 0\t:invoke\t:write\t[7 3]
INFO  jepsen.util - 1\t:invoke\t:read\t[7 nil]
INFO  jepsen.util - 0\t:ok\t:write\t[7 3]
INFO  jepsen.util - 1\t:ok\t:read\t[7 3]
INFO  jepsen.util - 0\t:invoke\t:cas\t[8 [nil 1]]
INFO  jepsen.util - 0\t:ok\t:cas\t[8 [nil 1]]
";
    let h = parse(text, Format::Auto).expect("parses");
    assert_eq!(Model::detect(&h), Model::Kv);
    assert_eq!(h.ops[0].key, Some(Value::Int(7)));
    assert_eq!(h.ops[1].result, Some(Value::Int(3)));
    assert_eq!(h.ops[2].key, Some(Value::Int(8)));
    assert_eq!(
        h.ops[2].action,
        Action::Cas {
            from: Value::Nil,
            to: Value::Int(1)
        }
    );
    // A plain register history of CAS pairs is not mistaken for tuples.
    let plain = parse("0 :invoke :cas [1 2]\n0 :fail :cas [1 2]\n", Format::Log).expect("parses");
    assert_eq!(plain.ops[0].key, None);
}

const PORCUPINE_KV: &str = r#"{:process 0, :type :invoke, :f :put, :key "4", :value "x 0 0 y"}
{:process 1, :type :invoke, :f :get, :key "4", :value nil}
{:process 0, :type :ok, :f :put, :key "4", :value "x 0 0 y"}
{:process 1, :type :ok, :f :get, :key "4", :value "x 0 0 y"}
{:process 0, :type :invoke, :f :append, :key "4", :value "x 0 1 y"}
{:process 0, :type :ok, :f :append, :key "4", :value "x 0 1 y"}
{:process 1, :type :invoke, :f :get, :key "4", :value nil}
{:process 1, :type :ok, :f :get, :key "4", :value "x 0 0 yx 0 1 y"}
{:process 2, :type :invoke, :f :get, :key "9", :value nil}
{:process 2, :type :ok, :f :get, :key "9", :value ""}
"#;

#[test]
fn porcupine_key_value_logs() {
    let h = parse(PORCUPINE_KV, Format::Auto).expect("parses");
    assert_eq!(Model::detect(&h), Model::Append);
    assert_eq!(h.len(), 5);
    assert!(check(&h, Model::Append).expect("fits").is_linearizable());
    let broken = PORCUPINE_KV.replace(":value \"x 0 0 yx 0 1 y\"", ":value \"x 0 1 yx 0 0 y\"");
    let h = parse(&broken, Format::Auto).expect("parses");
    assert!(!check(&h, Model::Append).expect("fits").is_linearizable());
}

#[test]
fn jepsen_edn_histories() {
    let text = r#"; a Jepsen history, as a vector
[{:index 0, :time 123, :type :invoke, :process 0, :f :append, :key 5, :value 1}
 {:index 1, :time 150, :type :ok, :process 0, :f :append, :key 5, :value 1},
 #jepsen.history.Op{:index 2, :type :invoke, :process 1, :f :read, :key 5, :value nil}
 {:index 3, :type :ok, :process 1, :f :read, :key 5, :value [1]}
 {:type :info, :f :kill, :process :nemesis, :value #{"n1" "n2"}}
 #_ {:this :is, :dis :carded}
 {:type :invoke, :process 2, :f :read, :key 5, :value nil, :error "tab\there \u00e9 \"quoted\""}]
"#;
    let h = parse(text, Format::Auto).expect("parses");
    assert_eq!(h.len(), 3);
    assert_eq!(h.ops[1].result, Some(Value::from(vec![1])));
    assert_eq!(h.ops[2].outcome, Outcome::Unknown);
    assert!(check(&h, Model::Append).expect("fits").is_linearizable());
}

#[test]
fn the_edn_reader() {
    let forms = edn::read_all(r#"nil true -12 3.5 "a\nb\u0041" \c \newline :k/x sym (1 [2 {:a 3}]) #{1} #inst "2020" ,;c"#)
        .expect("reads");
    use edn::Edn::*;
    assert_eq!(forms[0], Nil);
    assert_eq!(forms[1], Bool(true));
    assert_eq!(forms[2], Int(-12));
    assert_eq!(forms[3], Float("3.5".into()));
    assert_eq!(forms[4], Str("a\nbA".into()));
    assert_eq!(forms[5], Char('c'));
    assert_eq!(forms[6], Char('\n'));
    assert_eq!(forms[7], Keyword("k/x".into()));
    assert_eq!(forms[8], Symbol("sym".into()));
    assert_eq!(
        forms[9],
        List(vec![
            Int(1),
            Vector(vec![Int(2), Map(vec![(Keyword("a".into()), Int(3))])])
        ])
    );
    assert_eq!(forms[10], Set(vec![Int(1)]));
    assert_eq!(
        forms[11],
        Tagged("inst".into(), Box::new(Str("2020".into())))
    );
    assert_eq!(forms.len(), 12);
}

#[test]
fn errors_name_line_and_column() {
    let e = err(
        "{:process 0, :type :invoke, :f :read}\n{:process 0, :type :ok, :f :read, :value \"abc}\n",
        Format::Edn,
    );
    assert_eq!((e.line, e.column), (2, 42), "{e}");
    assert!(e.message.contains("never closed"), "{e}");

    let e = err("{:process 0, :type :maybe, :f :read}", Format::Edn);
    assert_eq!((e.line, e.column), (1, 1));
    assert!(e.message.contains(":type must be"), "{e}");

    let e = err("{:process 0 :type}", Format::Edn);
    assert!(e.message.contains("even number"), "{e}");

    let e = err(
        "[{:process 0, :type :invoke, :f :read}\n  {:process 0, :type :ok, :f :read, :value 99999999999999999999}]",
        Format::Edn,
    );
    assert_eq!((e.line, e.column), (2, 44), "{e}");
    assert!(e.message.contains("out of range"), "{e}");

    let e = err(
        "INFO  jepsen.util - 0\t:invoke\t:write\t1\nINFO  jepsen.util - 0\t:done\t:write\t1\n",
        Format::Log,
    );
    assert_eq!((e.line, e.column), (2, 23), "{e}");

    let e = err("INFO  jepsen.util - 3\t:ok\t:read\t1\n", Format::Log);
    assert_eq!(e.line, 1);
    assert!(e.message.contains("never invoked"), "{e}");

    let e = err("0 :invoke :write 1\n0 :ok :read 1\n", Format::Log);
    assert_eq!(e.line, 2);
    assert!(e.message.contains("line 1"), "{e}");

    let e = err("0 :invoke :cas 5\n", Format::Log);
    assert!(e.message.contains("[from to]"), "{e}");

    let e = err("0 :invoke :frobnicate 5\n", Format::Log);
    assert!(e.message.contains("unknown operation"), "{e}");

    let e = err("hello\nworld\n", Format::Auto);
    assert!(e.message.contains("no client operations"), "{e}");

    let e = parse_bytes(b"0 :invoke :write 1\n0 :ok :write \xff\n", Format::Log)
        .expect_err("bad utf-8");
    assert_eq!((e.line, e.column), (2, 14), "{e}");

    let deep = "[".repeat(100_000);
    let e = err(&deep, Format::Edn);
    assert!(e.message.contains("nesting"), "{e}");
}

fn round_trip(h: &History) {
    let h = h.normalized();
    let via_edn = parse(&to_edn(&h), Format::Auto).expect("own EDN parses");
    assert_eq!(via_edn.ops, h.ops, "EDN round trip:\n{}", to_edn(&h));
    let via_log = parse(&to_log(&h), Format::Auto).expect("own log parses");
    assert_eq!(via_log.ops, h.ops, "log round trip:\n{}", to_log(&h));
}

#[test]
fn round_trips() {
    for seed in 0..20 {
        round_trip(&generate(&GenConfig::register(60, 5, seed)));
        round_trip(&generate(&GenConfig::kv(60, 5, 3, seed)));
        round_trip(&generate(&GenConfig::append(60, 5, 3, seed)));
    }
    // Strings with escapes survive too.
    let mut h = History::new();
    let a = h.invoke(
        0,
        Some(Value::from("k \"1\"")),
        Action::Write(Value::from("tab\there\nnewline\\")),
    );
    h.ok(a);
    let b = h.invoke(1, Some(Value::from("k \"1\"")), Action::Read);
    h.ok_read(b, Value::from("tab\there\nnewline\\"));
    round_trip(&h);
}
