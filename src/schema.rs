//! JSON Schema of a plan's front matter (`planfolio schema`), for editors.
//!
//! Built from the same key lists and keyword enums the loader uses, so it
//! cannot drift from what `check` accepts.

use crate::load::plan::*;
use crate::model::*;
use serde_json::{Map, Value, json};

const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

fn text() -> Value {
    json!({"type": ["string", "number", "boolean"]})
}
fn texts() -> Value {
    json!({"type": "array", "items": text()})
}
fn id() -> Value {
    json!({"type": "string", "pattern": ID_PATTERN})
}
fn ids() -> Value {
    json!({"type": "array", "items": id()})
}
fn date() -> Value {
    json!({"type": "string", "pattern": DATE_PATTERN, "format": "date"})
}
fn amount() -> Value {
    json!({"type": "number", "minimum": 0})
}
fn keyword<K: Keyword>() -> Value {
    json!({"type": "string", "enum": K::names()})
}

/// A closed object: exactly `keys` (each described by `props`), `required` among them.
fn object(keys: &[&str], props: Vec<(&str, Value)>, required: &[&str]) -> Value {
    let mut properties = Map::new();
    for key in keys {
        let schema = props
            .iter()
            .find(|(k, _)| k == key)
            .map_or_else(text, |(_, v)| v.clone());
        properties.insert(key.to_string(), schema);
    }
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn list_of(item: Value) -> Value {
    json!({"type": "array", "items": item})
}

/// The JSON Schema (draft-07) of an account plan's front matter.
pub fn plan_schema() -> Value {
    let status = object(
        STATUS_KEYS,
        vec![
            ("partnership", keyword::<Partnership>()),
            ("customer_ambition", keyword::<Partnership>()),
            ("our_ambition", keyword::<Partnership>()),
            ("impact", json!({"type": "integer", "minimum": 1, "maximum": 4})),
            ("health", keyword::<Health>()),
            ("what_we_need", texts()),
            ("last_review", date()),
            ("approved", date()),
        ],
        &[],
    );
    let customer = object(
        CUSTOMER_KEYS,
        vec![
            ("kpis", list_of(object(KPI_KEYS, vec![], &["name"]))),
            (
                "business_units",
                list_of(object(BUSINESS_UNIT_KEYS, vec![("id", id())], &["id", "name"])),
            ),
        ],
        &[],
    );
    let driver = object(
        DRIVER_KEYS,
        vec![
            ("kind", keyword::<DriverKind>()),
            ("category", keyword::<DriverCategory>()),
        ],
        &["kind", "category", "text"],
    );
    let objective = object(
        OBJECTIVE_KEYS,
        vec![
            ("id", id()),
            ("business_unit", id()),
            ("priority", keyword::<Priority>()),
            ("contact", id()),
            ("swot", keyword::<SwotSide>()),
            ("goals", ids()),
        ],
        &["title"],
    );
    let goal = object(
        GOAL_KEYS,
        vec![("id", id()), ("due", date()), ("status", keyword::<GoalStatus>())],
        &["title"],
    );
    let alignment = json!({
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {"type": "number", "minimum": 0, "maximum": 10},
    });
    let contact = object(
        CONTACT_KEYS,
        vec![
            ("id", id()),
            ("business_unit", id()),
            ("reports_to", id()),
            ("covered_by", id()),
            ("role", keyword::<Role>()),
            ("buying_role", keyword::<BuyingRole>()),
            ("influence", keyword::<Influence>()),
            ("relationship", keyword::<Relationship>()),
            ("stages", list_of(keyword::<Stage>())),
            ("alignment", alignment),
        ],
        &["name"],
    );
    let competitor = object(
        COMPETITOR_KEYS,
        vec![
            ("id", id()),
            ("strengths", texts()),
            ("weaknesses", texts()),
            ("differentiators", texts()),
            ("swot", keyword::<SwotSide>()),
        ],
        &[],
    );
    let swot = object(SWOT_KEYS, SWOT_KEYS.iter().map(|k| (*k, texts())).collect(), &[]);
    let proposition = object(PROPOSITION_KEYS, vec![("differentiators", texts())], &[]);
    let expectations = object(EXPECTATION_KEYS, vec![], &[]);
    let revenue_goal = object(
        REVENUE_GOAL_KEYS,
        REVENUE_GOAL_KEYS.iter().map(|k| (*k, amount())).collect(),
        &[],
    );
    let financials = object(
        FINANCIAL_KEYS,
        vec![
            ("currency", json!({"type": "string", "pattern": "^[A-Z]{3}$"})),
            ("prior_year_actual", amount()),
            ("annual_target", amount()),
            ("revenue_goal", revenue_goal),
        ],
        &[],
    );
    let opportunity = object(
        OPPORTUNITY_KEYS,
        vec![
            ("id", id()),
            ("stage", keyword::<OppStage>()),
            ("value", amount()),
            ("close", date()),
            ("business_unit", id()),
        ],
        &["name", "stage", "value"],
    );
    let whitespace = json!({
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {"type": "object", "additionalProperties": keyword::<Coverage>()},
    });
    let action = object(
        ACTION_KEYS,
        vec![
            ("id", id()),
            ("owner", id()),
            ("goals", ids()),
            ("due", date()),
            ("status", keyword::<ActionStatus>()),
        ],
        &["title", "owner"],
    );
    let faa = object(FAA_KEYS, FAA_KEYS.iter().map(|k| (*k, texts())).collect(), &[]);
    let mut plan = object(
        PLAN_KEYS,
        vec![
            ("owner", id()),
            ("team", ids()),
            ("employees", json!({"type": "integer", "minimum": 0})),
            ("revenue", amount()),
            ("top10", json!({"type": "boolean"})),
            ("segment", keyword::<Segment>()),
            ("sponsor", id()),
            ("status", status),
            ("customer", customer),
            ("drivers", list_of(driver)),
            ("faa", faa),
            ("objectives", list_of(objective)),
            ("goals", list_of(goal)),
            ("contacts", list_of(contact)),
            ("competitors", list_of(competitor)),
            ("swot", swot),
            ("proposition", proposition),
            ("expectations", expectations),
            ("financials", financials),
            ("opportunities", list_of(opportunity)),
            ("whitespace", whitespace),
            ("actions", list_of(action)),
        ],
        &["name", "owner"],
    );
    if let Value::Object(m) = &mut plan {
        m.insert("$schema".into(), json!("http://json-schema.org/draft-07/schema#"));
        m.insert("title".into(), json!("planfolio account plan front matter"));
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lists_every_plan_key_and_closes_objects() {
        let s = plan_schema();
        let props = s["properties"].as_object().expect("properties");
        assert_eq!(props.len(), PLAN_KEYS.len());
        assert_eq!(s["additionalProperties"], json!(false));
        assert_eq!(
            s["properties"]["contacts"]["items"]["properties"]["role"]["enum"]
                .as_array()
                .map(Vec::len),
            Some(8)
        );
        assert_eq!(s["required"], json!(["name", "owner"]));
    }
}
