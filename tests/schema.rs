//! The JSON Schema in `schema/analysis.schema.json` documents the contract: a real analysis
//! must validate against it, field for field (a small validator for the keywords the schema
//! uses: type, const, enum, required, properties, additionalProperties, items, minItems,
//! maxItems, minimum, maximum, $ref).

mod common;

use parallax::engine::{Options, analyze};
use serde_json::Value;

fn resolve<'a>(root: &'a Value, reference: &str) -> &'a Value {
    let path = reference.trim_start_matches("#/");
    path.split('/').fold(root, |v, key| &v[key])
}

fn type_ok(value: &Value, ty: &str) -> bool {
    match ty {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "integer" => value.is_u64() || value.is_i64(),
        "number" => value.is_number(),
        other => panic!("schema uses unknown type {other}"),
    }
}

fn validate(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return validate(root, resolve(root, r), value, at, errors);
    }
    match schema.get("type") {
        Some(Value::String(t)) if !type_ok(value, t) => errors.push(format!("{at}: not a {t}")),
        Some(Value::Array(ts)) if !ts.iter().any(|t| type_ok(value, t.as_str().unwrap())) => {
            errors.push(format!("{at}: none of {ts:?}"))
        }
        _ => {}
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        errors.push(format!("{at}: {value} is not {c}"));
    }
    if let Some(Value::Array(options)) = schema.get("enum")
        && !options.contains(value)
    {
        errors.push(format!("{at}: {value} not in {options:?}"));
    }
    if let (Some(min), Some(v)) = (
        schema.get("minimum").and_then(Value::as_f64),
        value.as_f64(),
    ) && v < min
    {
        errors.push(format!("{at}: {v} < {min}"));
    }
    if let (Some(max), Some(v)) = (
        schema.get("maximum").and_then(Value::as_f64),
        value.as_f64(),
    ) && v > max
    {
        errors.push(format!("{at}: {v} > {max}"));
    }
    if let Value::Object(map) = value {
        let props = schema.get("properties").and_then(Value::as_object);
        for key in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !map.contains_key(key.as_str().unwrap()) {
                errors.push(format!("{at}: missing {key}"));
            }
        }
        for (k, v) in map {
            match props.and_then(|p| p.get(k)) {
                Some(s) => validate(root, s, v, &format!("{at}.{k}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{at}: {k} is not in the schema"))
                }
                None => {}
            }
        }
    }
    if let Value::Array(items) = value {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            errors.push(format!("{at}: fewer than {min} items"));
        }
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
            && (items.len() as u64) > max
        {
            errors.push(format!("{at}: more than {max} items"));
        }
        if let Some(s) = schema.get("items") {
            for (i, v) in items.iter().enumerate() {
                validate(root, s, v, &format!("{at}[{i}]"), errors);
            }
        }
    }
}

#[test]
fn the_sample_analysis_matches_the_schema() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/analysis.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let analysis = serde_json::to_value(analyze(&common::sample(), &Options::default())).unwrap();
    // The sample has quotes and discrepancies, so their fields are checked too.
    assert!(!analysis["quotes"].as_array().unwrap().is_empty());
    assert!(!analysis["discrepancies"].as_array().unwrap().is_empty());
    let mut errors = Vec::new();
    validate(&schema, &schema, &analysis, "$", &mut errors);
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        &errors[..errors.len().min(5)]
    );
}

#[test]
fn the_validator_catches_drift() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/analysis.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut analysis =
        serde_json::to_value(analyze(&common::sample()[..2], &Options::default())).unwrap();
    analysis["documents"][0]["sentences"][0]["extra"] = Value::Bool(true);
    analysis["clusters"][0]["members"][0]["relation"] = Value::String("similar".into());
    let mut errors = Vec::new();
    validate(&schema, &schema, &analysis, "$", &mut errors);
    assert_eq!(errors.len(), 2, "{errors:?}");
}
