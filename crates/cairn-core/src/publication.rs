//! The public report card: a funder report (its years, measures and sections) published for
//! anyone to read, by the coalition's server or as a folder of static files. What it shows is
//! the report's ([`crate::report::report`]); this module only says what a publication adds to
//! the template, and what it may never leave out. The rules are in `docs/numbers.md` §14.

use serde::{Deserialize, Serialize};

use crate::report::{ReportTemplate, Section};
use crate::Error;

/// What an administrator publishes: a report template, and whether each partner's own values
/// are shown beside the coalition's. They are not unless the administrator chose it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    pub template: ReportTemplate,
    #[serde(default)]
    pub partner_values: bool,
}

impl Publication {
    /// A publication of `template` with the coalition's figures only.
    pub fn coalition_only(template: ReportTemplate) -> Publication {
        Publication {
            template,
            partner_values: false,
        }
    }

    /// Returns `Ok` if and only if the template is valid ([`ReportTemplate::validate`]) and
    /// shows at least one measure's chart, table, status or story, or the goal summary: a card
    /// of nothing but lists would not be a report card.
    pub fn validate(&self) -> Result<(), Error> {
        self.template.validate()?;
        let shows_figures = self
            .template
            .sections
            .iter()
            .any(|s| s.per_measure() || *s == Section::Goal || *s == Section::Indicators);
        if shows_figures {
            Ok(())
        } else {
            Err(Error::Required {
                field: "A chart, table, status, story, goal summary or indicator table",
            })
        }
    }

    /// The template as the card shows it: the template's sections, with each measure's data
    /// table wherever its chart is shown, because a published chart always comes with the
    /// numbers it draws, for readers who cannot see it (WCAG 2.1, 1.1.1).
    pub fn shown(&self) -> ReportTemplate {
        let mut shown = self.template.clone();
        if shown.has(Section::Chart) && !shown.has(Section::Table) {
            shown.sections.push(Section::Table);
        }
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_chart_always_comes_with_its_data_table() {
        let mut template = ReportTemplate::new("Card", 2026);
        template.sections = vec![Section::Chart, Section::Status];
        let shown = Publication::coalition_only(template).shown();
        assert!(shown.has(Section::Table));
        assert!(shown.has(Section::Chart));
    }

    #[test]
    fn a_card_without_a_chart_gains_no_table() {
        let mut template = ReportTemplate::new("Card", 2026);
        template.sections = vec![Section::Status, Section::Story];
        assert!(!Publication::coalition_only(template)
            .shown()
            .has(Section::Table));
    }

    #[test]
    fn a_card_of_lists_only_is_refused() {
        let mut template = ReportTemplate::new("Card", 2026);
        template.sections = vec![Section::Activities, Section::Partners];
        assert!(Publication::coalition_only(template).validate().is_err());
    }

    #[test]
    fn partner_values_are_hidden_unless_chosen() {
        let template = ReportTemplate::new("Card", 2026);
        let text = serde_json::to_string(&serde_json::json!({ "template": template })).unwrap();
        let read: Publication = serde_json::from_str(&text).unwrap();
        assert!(!read.partner_values);
    }
}
