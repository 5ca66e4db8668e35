//! Who may change what: the roles of a shared coalition and the one rule that decides whether a
//! member's change is allowed.
//!
//! The server checks every mutation with [`Grant::check`] inside its write transaction; the app
//! asks the same grant what to offer, so a screen never offers what the server would refuse.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::review::Stage;
use crate::sync::{Path, Record};
use crate::{Code, Document, Error};

/// A member's role in one coalition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Backbone staff: everything, including members, partners, measures, targets and settings.
    Admin,
    /// A partner organisation's member: enters its own observations and activities, reads all.
    Editor,
    /// Reads everything, changes nothing.
    Viewer,
}

impl Role {
    /// The role's name as members read it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "backbone administrator",
            Role::Editor => "partner editor",
            Role::Viewer => "viewer",
        }
    }

    /// Returns the role named `text` (`admin`, `editor` or `viewer`), if and only if it is one.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "admin" => Some(Role::Admin),
            "editor" => Some(Role::Editor),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }

    /// The name [`Role::parse`] reads.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
        }
    }
}

/// What one member may do in one coalition: a role, and for a partner editor the partner
/// organisation they speak for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Grant {
    pub role: Role,
    /// For a partner editor: the partner organisation they enter for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<Code>,
}

impl Grant {
    pub fn admin() -> Grant {
        Grant {
            role: Role::Admin,
            partner: None,
        }
    }

    pub fn editor(partner: Code) -> Grant {
        Grant {
            role: Role::Editor,
            partner: Some(partner),
        }
    }

    pub fn viewer() -> Grant {
        Grant {
            role: Role::Viewer,
            partner: None,
        }
    }

    /// Returns true if and only if the grant administers the coalition: its settings,
    /// partners, measures, targets, updates and members.
    pub fn administers(&self) -> bool {
        self.role == Role::Admin
    }

    /// Returns true if and only if the grant may enter and change `partner`'s observations.
    pub fn enters_for(&self, partner: &Code) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Editor => self.partner.as_ref() == Some(partner),
            Role::Viewer => false,
        }
    }

    /// Returns true if and only if the grant may add, change or delete activities led by
    /// `lead`.
    pub fn leads_for(&self, lead: &Code) -> bool {
        self.enters_for(lead)
    }

    /// Returns true if and only if the grant may change anything at all.
    pub fn writes(&self) -> bool {
        self.role != Role::Viewer
    }

    /// Returns `Ok` if and only if the grant allows setting `path` of `doc` to `value`
    /// (`None` deletes a record). An administrator may change anything; a partner editor only
    /// the observations of their own partner and the activities their partner leads, before
    /// and after the change, and submit or withdraw their own partner's values for review (never
    /// approve or return them); a viewer nothing. Whether the change itself is valid is the
    /// document's rules' to say, not this.
    pub fn check(&self, doc: &Document, path: &Path, value: Option<&Json>) -> Result<(), Error> {
        match self.role {
            Role::Admin => return Ok(()),
            Role::Viewer => {
                return Err(Error::NotAllowed(
                    "You are a viewer in this coalition: you can read everything but change nothing. Ask a backbone administrator if you need to enter values.".into(),
                ))
            }
            Role::Editor => {}
        }
        let own = self.partner.as_ref().map(Code::as_str).unwrap_or("");
        match &path.record {
            Record::Observation(cell) if self.enters_for(&cell.partner) => Ok(()),
            Record::Observation(cell) => Err(Error::NotAllowed(format!(
                "You enter values for {own} only; {} values are entered by {} or a backbone administrator.",
                cell.partner, cell.partner
            ))),
            Record::Review { partner, .. } if !self.enters_for(partner) => Err(Error::NotAllowed(format!(
                "You submit {own}'s values only; {partner}'s are submitted by {partner} or a backbone administrator."
            ))),
            Record::Review { .. } => {
                let stage = value
                    .and_then(|v| v.get("steps")?.as_array()?.last()?.get("stage")?.as_str())
                    .and_then(Stage::parse);
                match stage {
                    Some(stage) if !stage.taken_by_backbone() => Ok(()),
                    _ => Err(Error::NotAllowed(
                        "Only a backbone administrator approves or returns values; you submit them, or withdraw them before review.".into(),
                    )),
                }
            }
            Record::Activity(code) => {
                if let Some(existing) = doc.activities.iter().find(|a| &a.code == code) {
                    if !self.leads_for(&existing.lead) {
                        return Err(Error::NotAllowed(format!(
                            "The activity {code} is led by {}: only its lead partner or a backbone administrator can change it.",
                            existing.lead
                        )));
                    }
                }
                let new_lead = match (&path.field, value) {
                    (None, Some(record)) => record.get("lead").and_then(Json::as_str),
                    (Some(field), Some(lead)) if field == "lead" => lead.as_str(),
                    _ => None,
                };
                match new_lead {
                    Some(lead) if lead != own => Err(Error::NotAllowed(format!(
                        "You can add and change activities led by {own} only, not by {lead}."
                    ))),
                    _ => Ok(()),
                }
            }
            // An editor keeps the history of their own changes: every change an entry tells of
            // must be one they may make. A malformed entry is the document's rules' to refuse.
            Record::History(_) => {
                let entry = value.and_then(|v| {
                    serde_json::from_value::<crate::history::Entry>(v.clone()).ok()
                });
                for item in entry.iter().flat_map(|e| &e.items) {
                    self.check(doc, &item.path, item.after.as_ref())?;
                }
                Ok(())
            }
            other => Err(Error::NotAllowed(format!(
                "Partner editors enter their own partner's values and activities; {} is changed by a backbone administrator.",
                other.describe()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;
    use crate::sync::{rows, Change};

    fn code(text: &str) -> Code {
        Code::parse(text).unwrap()
    }

    /// Every row of the sample coalition, as the change that would write it again.
    fn every_change(doc: &Document) -> Vec<Change> {
        rows(doc)
            .into_iter()
            .map(|(path, value)| Change {
                path,
                value: Some(value),
            })
            .collect()
    }

    #[test]
    fn an_administrator_may_change_every_row_and_a_viewer_none() {
        let doc = sample::coalition();
        for change in every_change(&doc) {
            assert_eq!(
                Grant::admin().check(&doc, &change.path, change.value.as_ref()),
                Ok(())
            );
            let refused = Grant::viewer().check(&doc, &change.path, change.value.as_ref());
            assert_eq!(refused.unwrap_err().code(), "not_allowed");
        }
    }

    #[test]
    fn a_partner_editor_may_change_exactly_their_own_observations_and_led_activities() {
        let doc = sample::coalition();
        let partner = doc.partners[0].code.clone();
        let editor = Grant::editor(partner.clone());
        let mut allowed = 0;
        for change in every_change(&doc) {
            let verdict = editor.check(&doc, &change.path, change.value.as_ref());
            let own = match &change.path.record {
                Record::Observation(cell) => cell.partner == partner,
                Record::Activity(c) => doc
                    .activities
                    .iter()
                    .any(|a| &a.code == c && a.lead == partner),
                _ => false,
            };
            assert_eq!(verdict.is_ok(), own, "{}", change.path);
            allowed += usize::from(own);
        }
        assert!(
            allowed > 0,
            "the sample gives the first partner something to enter"
        );
    }

    #[test]
    fn a_partner_editor_cannot_hand_an_activity_to_another_lead_or_take_one_over() {
        let doc = sample::coalition();
        let activity = doc.activities[0].clone();
        let own = activity.lead.clone();
        let other = doc
            .partners
            .iter()
            .map(|p| p.code.clone())
            .find(|c| c != &own)
            .unwrap();
        let editor = Grant::editor(own.clone());
        let lead = Path::field(Record::Activity(activity.code.clone()), "lead");
        let to_other = Json::String(other.to_string());
        assert!(editor.check(&doc, &lead, Some(&to_other)).is_err());
        let record = Path::record(Record::Activity(code("NEW1")));
        let mut theirs = serde_json::to_value(&activity).unwrap();
        theirs["lead"] = to_other.clone();
        assert!(editor.check(&doc, &record, Some(&theirs)).is_err());
        let mut mine = theirs.clone();
        mine["lead"] = Json::String(own.to_string());
        assert_eq!(editor.check(&doc, &record, Some(&mine)), Ok(()));
        let outsider = Grant::editor(other);
        let existing = Path::record(Record::Activity(activity.code.clone()));
        assert!(outsider.check(&doc, &existing, None).is_err());
        assert_eq!(editor.check(&doc, &existing, None), Ok(()));
    }

    #[test]
    fn roles_read_back_from_their_names() {
        for role in [Role::Admin, Role::Editor, Role::Viewer] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("owner"), None);
    }
}
