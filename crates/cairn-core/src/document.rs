//! The document: everything one coalition records, kept consistent by every change.

use serde::{Deserialize, Serialize};

use crate::communication::{Link, Story, Update};
use crate::feed::Updates;
use crate::history::History;
use crate::observation::Observations;
use crate::review::Review;
use crate::{Activity, CellKey, Coalition, Code, Error, Measure, MonthIndex, Observation, Partner};

/// A coalition's whole record. Every method that changes it either applies the whole change and
/// leaves the document valid, or returns an error and leaves it exactly as it was.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The stored format this document was written in; see [`crate::format`].
    pub format: u32,
    pub coalition: Coalition,
    pub partners: Vec<Partner>,
    pub measures: Vec<Measure>,
    pub observations: Observations,
    pub activities: Vec<Activity>,
    /// The updates feed, oldest first.
    pub updates: Updates,
    pub stories: Vec<Story>,
    /// The review of each partner's values per period ([`crate::review`]), ordered by
    /// partner and period. Absent in documents from before review, hence the default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<Review>,
    /// Every change kept, with who made it and what it held before ([`crate::history`]).
    /// Absent in documents from before the history, hence the default.
    #[serde(default, skip_serializing_if = "History::is_empty")]
    pub history: History,
}

impl Document {
    /// A new coalition with nothing in it yet.
    pub fn empty() -> Document {
        Document {
            format: crate::format::CURRENT,
            coalition: Coalition::empty(),
            partners: Vec::new(),
            measures: Vec::new(),
            observations: Observations::default(),
            activities: Vec::new(),
            updates: Updates::default(),
            stories: Vec::new(),
            reviews: Vec::new(),
            history: History::default(),
        }
    }

    pub fn activity(&self, code: &Code) -> Option<&Activity> {
        self.activities.iter().find(|a| &a.code == code)
    }

    /// A code no activity has yet: `A1`, `A2`, … after the highest in use.
    pub fn next_activity_code(&self) -> Code {
        let highest = self
            .activities
            .iter()
            .filter_map(|a| a.code.as_str().strip_prefix('A')?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        Code::parse(&format!("A{}", highest + 1))
            .unwrap_or_else(|_| unreachable!("A and digits make a valid code"))
    }

    /// When the latest value in this copy of the coalition was entered (its `entered_at`, an
    /// RFC 3339 time), for a printout's "data as of"; `None` when no value says. Times are
    /// compared as text, which orders RFC 3339 times written in UTC, as Cairn writes them.
    pub fn latest_entry(&self) -> Option<&str> {
        self.observations
            .iter()
            .map(|o| o.entered_at.as_str())
            .filter(|t| !t.is_empty())
            .max()
    }

    pub fn partner(&self, code: &Code) -> Option<&Partner> {
        self.partners.iter().find(|p| &p.code == code)
    }

    pub fn measure(&self, code: &Code) -> Option<&Measure> {
        self.measures.iter().find(|m| &m.code == code)
    }

    /// The open measures `partner` is expected to report, in the document's order (a closed
    /// measure takes no more values: [`Document::continue_measure`]).
    pub fn measures_reported_by<'a>(
        &'a self,
        partner: &'a Code,
    ) -> impl Iterator<Item = &'a Measure> {
        self.measures
            .iter()
            .filter(move |m| m.is_open() && m.is_reported_by(partner))
    }

    /// Returns `Ok` if and only if every part is valid on its own, codes are unique, and every
    /// reference (a measure's strategies, steward and reporters; an observation's measure and
    /// partner) names something that exists.
    pub fn validate(&self) -> Result<(), Error> {
        self.coalition.validate()?;
        for (i, partner) in self.partners.iter().enumerate() {
            partner.validate()?;
            if self.partners[..i].iter().any(|p| p.code == partner.code) {
                return Err(Error::DuplicateCode {
                    kind: "partner",
                    code: partner.code.to_string(),
                });
            }
        }
        for (i, measure) in self.measures.iter().enumerate() {
            self.validate_measure(measure)?;
            if self.measures[..i].iter().any(|m| m.code == measure.code) {
                return Err(Error::DuplicateCode {
                    kind: "measure",
                    code: measure.code.to_string(),
                });
            }
        }
        for observation in self.observations.iter() {
            self.validate_observation(observation)?;
        }
        for (i, activity) in self.activities.iter().enumerate() {
            self.validate_activity(activity)?;
            if self.activities[..i].iter().any(|a| a.code == activity.code) {
                return Err(Error::DuplicateCode {
                    kind: "activity",
                    code: activity.code.to_string(),
                });
            }
        }
        for update in self.updates.iter() {
            self.validate_update(update)?;
        }
        for story in &self.stories {
            self.validate_story(story)?;
        }
        for (i, review) in self.reviews.iter().enumerate() {
            review.validate()?;
            self.known_partner(&review.partner)?;
            if i > 0
                && (&self.reviews[i - 1].partner, self.reviews[i - 1].period)
                    >= (&review.partner, review.period)
            {
                return Err(Error::DuplicateCode {
                    kind: "review",
                    code: format!("{}/{}", review.partner, review.period),
                });
            }
        }
        Ok(())
    }

    fn known_partner(&self, code: &Code) -> Result<(), Error> {
        self.partner(code)
            .map(|_| ())
            .ok_or_else(|| Error::UnknownPartner(code.to_string()))
    }

    fn known_measure(&self, code: &Code) -> Result<&Measure, Error> {
        self.measure(code)
            .ok_or_else(|| Error::UnknownMeasure(code.to_string()))
    }

    fn validate_activity(&self, activity: &Activity) -> Result<(), Error> {
        activity.validate()?;
        for partner in std::iter::once(&activity.lead).chain(&activity.supporters) {
            self.known_partner(partner)?;
        }
        if let Some(s) = &activity.strategy {
            if self.coalition.strategy(s).is_none() {
                return Err(Error::UnknownStrategy(s.to_string()));
            }
        }
        for aim in &activity.aims {
            self.known_measure(&aim.measure)?;
        }
        Ok(())
    }

    fn validate_update(&self, update: &Update) -> Result<(), Error> {
        update.validate()?;
        for link in &update.links {
            match link {
                Link::Measure(m) => {
                    self.known_measure(m)?;
                }
                Link::Partner(p) => self.known_partner(p)?,
                Link::Activity(a) => {
                    self.activity(a)
                        .ok_or_else(|| Error::UnknownActivity(a.to_string()))?;
                }
            }
        }
        Ok(())
    }

    fn validate_story(&self, story: &Story) -> Result<(), Error> {
        story.validate()?;
        let measure = self.known_measure(&story.measure)?;
        story.period.expect_frequency(measure.frequency)?;
        for p in &story.partners {
            self.known_partner(p)?;
        }
        Ok(())
    }

    /// Adds an activity, or replaces the one with the same code.
    pub fn put_activity(&mut self, activity: Activity) -> Result<(), Error> {
        self.validate_activity(&activity)?;
        match self.activities.iter_mut().find(|a| a.code == activity.code) {
            Some(existing) => *existing = activity,
            None => insert_coded(&mut self.activities, activity, |a| &a.code),
        }
        Ok(())
    }

    /// Posts an update to the feed.
    pub fn post_update(&mut self, update: Update) -> Result<(), Error> {
        self.validate_update(&update)?;
        self.updates.put(update);
        Ok(())
    }

    /// The story behind the curve of `measure` for its latest period (the period that ends
    /// last; of two ending together, the longer), if one was told.
    pub fn latest_story(&self, measure: &Code) -> Option<&Story> {
        self.latest_story_where(measure, |_| true)
    }

    /// Of the stories of `measure` whose period ends from `first` to `last` (both included),
    /// the latest, as [`Document::latest_story`] orders them.
    pub fn latest_story_ending_in(
        &self,
        measure: &Code,
        first: MonthIndex,
        last: MonthIndex,
    ) -> Option<&Story> {
        let start = self.coalition.fiscal_year_start;
        self.latest_story_where(measure, |s| {
            (first..=last).contains(&s.period.last_month(start))
        })
    }

    fn latest_story_where(&self, measure: &Code, keep: impl Fn(&Story) -> bool) -> Option<&Story> {
        let start = self.coalition.fiscal_year_start;
        self.stories
            .iter()
            .filter(|s| &s.measure == measure && keep(s))
            .max_by_key(|s| (s.period.last_month(start), s.period.frequency().months()))
    }

    /// Writes the story of a measure and period, replacing the one told before.
    pub fn tell_story(&mut self, story: Story) -> Result<(), Error> {
        self.validate_story(&story)?;
        self.stories
            .retain(|s| !(s.measure == story.measure && s.period == story.period));
        let at = self
            .stories
            .partition_point(|s| (&s.measure, s.period) < (&story.measure, story.period));
        self.stories.insert(at, story);
        Ok(())
    }

    pub(crate) fn validate_measure(&self, measure: &Measure) -> Result<(), Error> {
        measure.validate()?;
        for strategy in &measure.strategies {
            if self.coalition.strategy(strategy).is_none() {
                return Err(Error::UnknownStrategy(strategy.to_string()));
            }
        }
        for partner in measure.steward.iter().chain(&measure.reporters) {
            if self.partner(partner).is_none() {
                return Err(Error::UnknownPartner(partner.to_string()));
            }
        }
        if let Some(next) = &measure.continued_as {
            if self.measure(next).is_none() {
                return Err(Error::UnknownMeasure(next.to_string()));
            }
        }
        if let Some(gone) = measure
            .breakdowns
            .iter()
            .find(|b| self.coalition.breakdown(b).is_none())
        {
            return Err(Error::UnknownBreakdown(gone.to_string()));
        }
        for target in &measure.group_targets {
            self.validate_group(measure, &target.group)?;
        }
        Ok(())
    }

    /// Returns `Ok` if and only if a value of `measure` may count `group`: the total, or one
    /// category of each of some of the measure's breakdowns, each a category the coalition
    /// defines. Asked when a value is recorded, not when a document is read, so a value whose
    /// category was removed meanwhile (by another member, before this one synced) is kept and
    /// shown, never lost.
    pub fn validate_group(&self, measure: &Measure, group: &crate::Group) -> Result<(), Error> {
        for choice in group.choices() {
            let breakdown = self
                .coalition
                .breakdown(&choice.breakdown)
                .filter(|_| measure.breakdowns.contains(&choice.breakdown))
                .ok_or_else(|| Error::NotBrokenDownBy {
                    measure: measure.title.clone(),
                    breakdown: choice.breakdown.to_string(),
                    hint: "choose the breakdown on the measure first, or enter the total",
                })?;
            breakdown.expect_category(&choice.category)?;
        }
        Ok(())
    }

    fn validate_observation(&self, observation: &Observation) -> Result<(), Error> {
        let measure = self
            .measure(&observation.measure)
            .ok_or_else(|| Error::UnknownMeasure(observation.measure.to_string()))?;
        if self.partner(&observation.partner).is_none() {
            return Err(Error::UnknownPartner(observation.partner.to_string()));
        }
        observation.validate_for(measure)
    }

    /// Returns an error if moving the fiscal year's first month to `start` would change what
    /// recorded values, baselines or targets mean: those recorded by fiscal quarter or year
    /// (the same FY2026-Q1 would then name other months). The settings screen and the server's
    /// writer ask it of a change; applying a change that the server accepted does not, so sync
    /// takes changes in any order.
    pub fn may_move_fiscal_year(&self, start: crate::FiscalYearStart) -> Result<(), Error> {
        if start == self.coalition.fiscal_year_start {
            return Ok(());
        }
        let fiscal = |p: &crate::Period| !matches!(p, crate::Period::Month { .. });
        let values = self
            .observations
            .iter()
            .filter(|o| fiscal(&o.period))
            .count()
            + self
                .measures
                .iter()
                .flat_map(|m| {
                    m.baseline
                        .iter()
                        .map(|b| b.period)
                        .chain(m.targets.iter().map(|t| t.period))
                })
                .filter(fiscal)
                .count();
        match values {
            0 => Ok(()),
            values => Err(Error::FiscalYearUnderValues { values }),
        }
    }

    /// Replaces the coalition's settings. Refused if they are invalid, or if a strategy that a
    /// measure or an activity links to would disappear.
    pub fn set_coalition(&mut self, coalition: Coalition) -> Result<(), Error> {
        coalition.validate()?;
        for measure in &self.measures {
            if let Some(gone) = measure
                .strategies
                .iter()
                .find(|s| coalition.strategy(s).is_none())
            {
                return Err(Error::StillInUse {
                    what: format!("The strategy {gone}"),
                    user: format!("the measure “{}”", measure.title),
                });
            }
        }
        for activity in &self.activities {
            if let Some(gone) = activity
                .strategy
                .as_ref()
                .filter(|s| coalition.strategy(s).is_none())
            {
                return Err(Error::StillInUse {
                    what: format!("The strategy {gone}"),
                    user: format!("the activity “{}”", activity.title),
                });
            }
        }
        for measure in &self.measures {
            if let Some(gone) = measure
                .breakdowns
                .iter()
                .find(|b| coalition.breakdown(b).is_none())
            {
                return Err(Error::StillInUse {
                    what: format!("The breakdown {gone}"),
                    user: format!("the measure “{}”", measure.title),
                });
            }
        }
        self.coalition = coalition;
        Ok(())
    }

    /// Returns an error if `breakdowns` (the coalition's, as a change would leave them) no
    /// longer hold a category that recorded values count, so those values would name a group
    /// nobody can see. The coalition screen and the server's writer ask it of a change, as for
    /// [`Document::may_move_fiscal_year`]; applying an accepted change does not.
    pub fn may_change_breakdowns(&self, breakdowns: &[crate::Breakdown]) -> Result<(), Error> {
        let held = |c: &crate::breakdown::Choice| {
            breakdowns
                .iter()
                .find(|b| b.code == c.breakdown)
                .is_some_and(|b| b.category(&c.category).is_some())
        };
        let mut orphans = self
            .observations
            .iter()
            .filter(|o| !o.group.choices().iter().all(held));
        if let Some((measure, target)) = self
            .measures
            .iter()
            .flat_map(|m| m.group_targets.iter().map(move |t| (m, t)))
            .find(|(_, t)| !t.group.choices().iter().all(held))
        {
            return Err(Error::StillInUse {
                what: format!("The group {}", target.group),
                user: format!("a target of “{}”", measure.title),
            });
        }
        match orphans.next() {
            None => Ok(()),
            Some(first) => Err(Error::StillInUse {
                what: format!("The group {}", first.group),
                user: format!("{} recorded values", 1 + orphans.count()),
            }),
        }
    }

    /// Adds a partner, or changes the name and sector of the partner with the same code. An
    /// existing partner keeps its history and readiness answers; its level and characteristics
    /// change only through [`Document::change_partnership`], so every change is dated.
    pub fn put_partner(&mut self, mut partner: Partner) -> Result<(), Error> {
        partner.validate()?;
        match self.partners.iter_mut().find(|p| p.code == partner.code) {
            Some(existing) => {
                if existing.level != partner.level
                    || existing.characteristics != partner.characteristics
                {
                    return Err(Error::ChangeNeedsDate(partner.code.to_string()));
                }
                partner.history = std::mem::take(&mut existing.history);
                partner.readiness = existing.readiness.take();
                *existing = partner;
            }
            None => insert_coded(&mut self.partners, partner, |p| &p.code),
        }
        Ok(())
    }

    /// Records that the partnership with `code` moved to `level` and `characteristics` on `date`.
    pub fn change_partnership(
        &mut self,
        code: &Code,
        date: crate::Date,
        level: crate::PartnershipLevel,
        characteristics: crate::Characteristics,
        note: &str,
    ) -> Result<(), Error> {
        self.partners
            .iter_mut()
            .find(|p| &p.code == code)
            .ok_or_else(|| Error::UnknownPartner(code.to_string()))?
            .change(date, level, characteristics, note)
    }

    /// Adds a partner whose code no other partner has.
    pub fn add_partner(&mut self, partner: Partner) -> Result<(), Error> {
        if self.partner(&partner.code).is_some() {
            return Err(Error::DuplicateCode {
                kind: "partner",
                code: partner.code.to_string(),
            });
        }
        self.put_partner(partner)
    }

    /// Removes a partner. Refused while a measure, an observation, an activity, an update or a
    /// story refers to it, so a removal never leaves a reference to nothing.
    pub fn remove_partner(&mut self, code: &Code) -> Result<Partner, Error> {
        let index = self
            .partners
            .iter()
            .position(|p| &p.code == code)
            .ok_or_else(|| Error::UnknownPartner(code.to_string()))?;
        if let Some(measure) = self
            .measures
            .iter()
            .find(|m| m.steward.as_ref() == Some(code) || m.reporters.contains(code))
        {
            return Err(Error::StillInUse {
                what: format!("The partner {code}"),
                user: format!("the measure “{}”", measure.title),
            });
        }
        let count = self
            .observations
            .iter()
            .filter(|o| &o.partner == code)
            .count();
        if count > 0 {
            return Err(Error::StillInUse {
                what: format!("The partner {code}"),
                user: format!("{count} recorded values"),
            });
        }
        if let Some(activity) = self
            .activities
            .iter()
            .find(|a| &a.lead == code || a.supporters.contains(code))
        {
            return Err(Error::StillInUse {
                what: format!("The partner {code}"),
                user: format!("the activity “{}”", activity.title),
            });
        }
        let link = Link::Partner(code.clone());
        if self.updates.iter().any(|u| u.is_about(&link)) {
            return Err(Error::StillInUse {
                what: format!("The partner {code}"),
                user: "an update".into(),
            });
        }
        if let Some(story) = self.stories.iter().find(|s| s.partners.contains(code)) {
            return Err(Error::StillInUse {
                what: format!("The partner {code}"),
                user: format!("the story of {} in {}", story.measure, story.period),
            });
        }
        if let Some(review) = self.reviews.iter().find(|r| &r.partner == code) {
            return Err(Error::StillInUse {
                what: format!("The partner {code}"),
                user: format!("the review of its values for {}", review.period),
            });
        }
        Ok(self.partners.remove(index))
    }

    /// Adds a measure, or replaces the measure with the same code. Refused if the measure is
    /// invalid, refers to a missing partner or strategy, or if a value already recorded for it
    /// would no longer fit (another frequency or value type).
    pub fn put_measure(&mut self, measure: Measure) -> Result<(), Error> {
        self.validate_measure(&measure)?;
        if let Some(observation) = self.observations.of_measure(&measure.code).next() {
            observation
                .validate_for(&measure)
                .map_err(|_| Error::MeaningChangedUnderValues {
                    values: self.observations.of_measure(&measure.code).count(),
                })?;
        }
        if let Some(gone) = self
            .observations
            .of_measure(&measure.code)
            .flat_map(|o| o.group.choices())
            .find(|c| !measure.breakdowns.contains(&c.breakdown))
        {
            let breakdown = gone.breakdown.clone();
            let values = self
                .observations
                .of_measure(&measure.code)
                .filter(|o| o.group.category_of(&breakdown).is_some())
                .count();
            return Err(Error::BreakdownUnderValues {
                breakdown: self
                    .coalition
                    .breakdown(&breakdown)
                    .map_or_else(|| breakdown.to_string(), |b| b.name.clone()),
                values,
            });
        }
        let stories = self.stories.iter().filter(|s| s.measure == measure.code);
        if stories
            .clone()
            .any(|s| s.period.expect_frequency(measure.frequency).is_err())
        {
            return Err(Error::StillInUse {
                what: "The measure's frequency".to_string(),
                user: format!("{} stories behind the curve", stories.count()),
            });
        }
        match self.measures.iter_mut().find(|m| m.code == measure.code) {
            Some(existing) => {
                // Earlier versions only ever grow, on every path: screens, import and sync.
                if !measure.earlier.starts_with(&existing.earlier) {
                    return Err(Error::EarlierTargetsRewritten(measure.code.to_string()));
                }
                *existing = measure
            }
            None => insert_coded(&mut self.measures, measure, |m| &m.code),
        }
        Ok(())
    }

    /// Adds a measure whose code no other measure has.
    pub fn add_measure(&mut self, measure: Measure) -> Result<(), Error> {
        if self.measure(&measure.code).is_some() {
            return Err(Error::DuplicateCode {
                kind: "measure",
                code: measure.code.to_string(),
            });
        }
        self.put_measure(measure)
    }

    /// Removes a measure. Refused while values are recorded for it or an activity, a story or an
    /// update refers to it.
    pub fn remove_measure(&mut self, code: &Code) -> Result<Measure, Error> {
        let index = self
            .measures
            .iter()
            .position(|m| &m.code == code)
            .ok_or_else(|| Error::UnknownMeasure(code.to_string()))?;
        let count = self.observations.of_measure(code).count();
        if count > 0 {
            return Err(Error::StillInUse {
                what: format!("The measure {code}"),
                user: format!("{count} recorded values"),
            });
        }
        if let Some(activity) = self.activities.iter().find(|a| a.aims_at(code)) {
            return Err(Error::StillInUse {
                what: format!("The measure {code}"),
                user: format!("the activity “{}”", activity.title),
            });
        }
        if let Some(closed) = self
            .measures
            .iter()
            .find(|m| m.continued_as.as_ref() == Some(code))
        {
            return Err(Error::StillInUse {
                what: format!("The measure {code}"),
                user: format!("the closed measure “{}”, which it continues", closed.title),
            });
        }
        if let Some(story) = self.stories.iter().find(|s| &s.measure == code) {
            return Err(Error::StillInUse {
                what: format!("The measure {code}"),
                user: format!("the story of {}", story.period),
            });
        }
        let link = Link::Measure(code.clone());
        if self.updates.iter().any(|u| u.is_about(&link)) {
            return Err(Error::StillInUse {
                what: format!("The measure {code}"),
                user: "an update".into(),
            });
        }
        Ok(self.measures.remove(index))
    }

    /// Closes the measure `code` on `on`, for `reason`, and continues it as `next`, a new
    /// measure (its frequency or value type, say, differ): the closed measure keeps its
    /// values as they were, and takes no new ones. Refused, changing nothing, if `code` is not
    /// an open measure, `next`'s code is taken, or either would be invalid.
    pub fn continue_measure(
        &mut self,
        code: &Code,
        next: Measure,
        reason: &str,
        on: crate::Date,
    ) -> Result<(), Error> {
        let mut closed = self
            .measure(code)
            .cloned()
            .ok_or_else(|| Error::UnknownMeasure(code.to_string()))?;
        if !closed.is_open() {
            return Err(Error::MeasureClosed {
                title: closed.title.clone(),
                on: closed.closed.map(|d| d.to_string()).unwrap_or_default(),
                next: closed
                    .continued_as
                    .as_ref()
                    .map(Code::to_string)
                    .unwrap_or_default(),
            });
        }
        closed.closed = Some(on);
        closed.continued_as = Some(next.code.clone());
        closed.closing_reason = reason.trim().to_string();
        closed.validate()?;
        let next_code = next.code.clone();
        self.add_measure(next)?;
        if let Err(e) = self.put_measure(closed) {
            self.measures.retain(|m| m.code != next_code);
            return Err(e);
        }
        Ok(())
    }

    /// Records an observation in its cell, replacing the value the cell held. Refused if the
    /// measure or partner does not exist, the partner does not report the measure, the value
    /// does not fit the measure, or the measure is closed and the value would change (sent
    /// again as it is, as a restore sends every value, it is no change). Returns the
    /// observation the cell held before.
    pub fn record(&mut self, observation: Observation) -> Result<Option<Observation>, Error> {
        let measure = self
            .measure(&observation.measure)
            .ok_or_else(|| Error::UnknownMeasure(observation.measure.to_string()))?;
        if let (Some(on), Some(next)) = (measure.closed, &measure.continued_as) {
            let held = self.observations.get(&observation.key());
            if held.map(|o| (o.value, &o.note)) != Some((observation.value, &observation.note)) {
                return Err(Error::MeasureClosed {
                    title: measure.title.clone(),
                    on: on.to_string(),
                    next: self
                        .measure(next)
                        .map_or_else(|| next.to_string(), |m| m.title.clone()),
                });
            }
        }
        if self.partner(&observation.partner).is_none() {
            return Err(Error::UnknownPartner(observation.partner.to_string()));
        }
        if !measure.is_reported_by(&observation.partner) {
            return Err(Error::NotAReporter {
                partner: observation.partner.to_string(),
                measure: measure.title.clone(),
            });
        }
        observation.validate_for(measure)?;
        self.validate_group(measure, &observation.group)?;
        Ok(self.observations.put(observation))
    }

    /// Empties a cell, returning what it held.
    pub fn clear(&mut self, key: &CellKey) -> Option<Observation> {
        self.observations.remove(key)
    }
}

/// The rules of [`Document::may_move_fiscal_year`] and [`Document::may_change_breakdowns`] for
/// a change of `path` to `value`, as the server's writer asks them of every pushed change; any
/// other path passes.
pub fn settings_check(
    doc: &Document,
    path: &crate::sync::Path,
    value: Option<&serde_json::Value>,
) -> Result<(), Error> {
    let is_start = matches!(path.record, crate::sync::Record::Coalition)
        && path.field.as_deref() == Some("fiscal_year_start");
    let is_breakdowns = matches!(path.record, crate::sync::Record::Coalition)
        && path.field.as_deref() == Some("breakdowns");
    if is_breakdowns {
        if let Some(Ok(breakdowns)) = value.map(|v| serde_json::from_value::<Vec<_>>(v.clone())) {
            return doc.may_change_breakdowns(&breakdowns);
        }
    }
    match value
        .filter(|_| is_start)
        .map(|v| serde_json::from_value(v.clone()))
    {
        Some(Ok(start)) => doc.may_move_fiscal_year(start),
        // Not the fiscal year, or not a month: the document's rules say why.
        _ => Ok(()),
    }
}

/// Puts a new record where the canonical order ([`crate::sync::canonical`]) places it, so a
/// document in that order stays in it and nothing has to sort it after an edit.
pub(crate) fn insert_coded<T>(list: &mut Vec<T>, item: T, code: impl Fn(&T) -> &Code) {
    let new = code(&item).as_str();
    let at = list.partition_point(|x| crate::code::natural(code(x).as_str(), new).is_lt());
    list.insert(at, item);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::*;

    /// The sample with TEEN-VISITS (monthly) continued as TEEN-VISITS-Q, counted by quarter.
    fn continued_by_quarter() -> (Document, Document) {
        let before = sample::coalition();
        let mut doc = before.clone();
        let old = doc.measure(&code("TEEN-VISITS")).unwrap().clone();
        let mut next = Measure {
            frequency: Frequency::Quarterly,
            baseline: None,
            targets: Vec::new(),
            ..old.as_new(code("TEEN-VISITS-Q"))
        };
        next.title.push_str(" (by quarter)");
        doc.continue_measure(
            &code("TEEN-VISITS"),
            next,
            "Partners count visits by quarter from FY2027",
            Date::new(2026, 12, 4).unwrap(),
        )
        .unwrap();
        (before, doc)
    }

    #[test]
    fn a_measure_continued_as_another_keeps_its_values_and_takes_no_new_ones() {
        let (before, mut doc) = continued_by_quarter();
        let old = code("TEEN-VISITS");
        assert_eq!(
            doc.observations.of_measure(&old).count(),
            before.observations.of_measure(&old).count()
        );
        let closed = doc.measure(&old).unwrap();
        assert_eq!(closed.closed, Some(Date::new(2026, 12, 4).unwrap()));
        assert_eq!(closed.continued_as, Some(code("TEEN-VISITS-Q")));
        doc.validate().unwrap();

        // A changed value is refused with where it goes now; the same value again is no change.
        let mut held = doc.observations.of_measure(&old).next().unwrap().clone();
        doc.record(held.clone()).unwrap();
        held.value = Value::Number(1.0);
        let refused = doc.record(held).unwrap_err();
        assert!(matches!(refused, Error::MeasureClosed { .. }), "{refused}");
        assert!(refused.to_string().contains("(by quarter)"), "{refused}");

        // The grid, what partners owe and the dashboard go by the measure that continues it;
        // the values export keeps every old value.
        let lib = code("LIB");
        assert!(doc.measures_reported_by(&lib).all(|m| m.code != old));
        let shown = crate::dashboard::dashboard(&doc, &Default::default());
        assert!(shown
            .rows
            .iter()
            .all(|r| doc.measures[r.measure].code != old));
        assert!(shown
            .rows
            .iter()
            .any(|r| doc.measures[r.measure].code.as_str() == "TEEN-VISITS-Q"));
        let csv = crate::export::observations_csv(&doc);
        assert_eq!(
            csv.matches("TEEN-VISITS,").count(),
            before.observations.of_measure(&old).count()
        );
        assert!(crate::export::measures_csv(&doc).contains(
            "2026-12-04: Partners count visits by quarter from FY2027; continued as TEEN-VISITS-Q"
        ));
    }

    #[test]
    fn the_fiscal_year_never_moves_under_quarterly_or_yearly_values() {
        let mut doc = sample::coalition();
        let mut settings = doc.coalition.clone();
        settings.fiscal_year_start = FiscalYearStart::JANUARY;
        let refused = doc
            .may_move_fiscal_year(settings.fiscal_year_start)
            .unwrap_err();
        assert!(matches!(refused, Error::FiscalYearUnderValues { values } if values > 50));
        assert!(doc.may_move_fiscal_year(FiscalYearStart::JULY).is_ok());
        // A coalition with monthly values only may move its year.
        let mut monthly = Document::empty();
        monthly.coalition = doc.coalition.clone();
        assert!(monthly
            .may_move_fiscal_year(settings.fiscal_year_start)
            .is_ok());
        // The server's writer asks the same of the field's change.
        let path = crate::sync::Path::field(crate::sync::Record::Coalition, "fiscal_year_start");
        let january = serde_json::to_value(settings.fiscal_year_start).unwrap();
        assert!(settings_check(&doc, &path, Some(&january)).is_err());
        assert!(settings_check(&monthly, &path, Some(&january)).is_ok());
        doc.set_coalition(settings).unwrap();
    }

    #[test]
    fn a_measure_that_continues_another_cannot_be_removed_and_a_closed_one_is_not_closed_again() {
        let (_, mut doc) = continued_by_quarter();
        assert!(matches!(
            doc.remove_measure(&code("TEEN-VISITS-Q")),
            Err(Error::StillInUse { .. })
        ));
        let again = doc.measure(&code("TEEN-VISITS-Q")).unwrap().clone();
        let again = Measure {
            code: code("TEEN-VISITS-2"),
            ..again
        };
        assert!(doc
            .continue_measure(
                &code("TEEN-VISITS"),
                again,
                "twice",
                Date::new(2026, 12, 5).unwrap()
            )
            .is_err());
        assert!(doc.measure(&code("TEEN-VISITS-2")).is_none());
    }

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    #[test]
    fn the_latest_story_is_the_one_of_the_period_that_ends_last() {
        let mut doc = sample::coalition();
        let measure = doc.measures[0].code.clone();
        let story = |period: Period| Story {
            measure: measure.clone(),
            period,
            what_happened: format!("About {period}"),
            partners: Vec::new(),
            what_works: String::new(),
            next_steps: String::new(),
        };
        doc.stories.retain(|s| s.measure != measure);
        assert_eq!(doc.latest_story(&measure), None);
        doc.stories.push(story(Period::Year { fiscal_year: 2026 }));
        doc.stories.push(story(Period::Year { fiscal_year: 2024 }));
        doc.stories.push(story(Period::Quarter {
            fiscal_year: 2026,
            quarter: 3,
        }));
        assert_eq!(
            doc.latest_story(&measure).map(|s| s.period),
            Some(Period::Year { fiscal_year: 2026 })
        );
    }

    #[test]
    fn the_latest_entry_is_the_latest_time_any_value_was_entered() {
        let mut doc = sample::coalition();
        let latest = doc
            .observations
            .iter()
            .map(|o| o.entered_at.clone())
            .max()
            .unwrap();
        assert_eq!(doc.latest_entry(), Some(latest.as_str()));
        doc.observations = Default::default();
        assert_eq!(doc.latest_entry(), None);
    }

    #[test]
    fn nothing_that_others_refer_to_can_be_removed_so_the_document_stays_valid() {
        let mut d = doc();
        // SCI leads an activity; ABSENT has a story; every strategy has an activity.
        assert!(matches!(
            d.remove_partner(&code("SCI")),
            Err(Error::StillInUse { .. })
        ));
        d.observations = Observations::default();
        d.activities.clear();
        assert!(matches!(
            d.remove_measure(&code("ABSENT")),
            Err(Error::StillInUse { .. })
        ));
        let mut settings = d.coalition.clone();
        settings.strategies.clear();
        let mut with_activity = doc();
        assert!(with_activity.set_coalition(settings).is_err());
        assert_eq!(with_activity, doc());
    }

    fn doc() -> Document {
        sample::coalition()
    }

    fn observation(measure: &str, period: &str, partner: &str, value: Value) -> Observation {
        Observation {
            group: Group::total(),
            measure: code(measure),
            period: Period::parse(period).unwrap(),
            partner: code(partner),
            value,
            note: Default::default(),
            entered_by: "Test".into(),
            entered_at: "2026-11-29T10:00:00Z".into(),
        }
    }

    #[test]
    fn the_sample_coalition_is_valid() {
        doc().validate().unwrap();
    }

    #[test]
    fn a_duplicate_partner_code_is_refused() {
        let mut d = doc();
        let copy = d.partners[0].clone();
        assert!(matches!(
            d.add_partner(copy),
            Err(Error::DuplicateCode {
                kind: "partner",
                ..
            })
        ));
    }

    #[test]
    fn a_duplicate_measure_code_is_refused() {
        let mut d = doc();
        let copy = d.measures[0].clone();
        assert!(matches!(
            d.add_measure(copy),
            Err(Error::DuplicateCode {
                kind: "measure",
                ..
            })
        ));
    }

    #[test]
    fn a_measure_with_an_unknown_reporter_or_strategy_is_refused() {
        let mut d = doc();
        let mut m = d.measures[0].clone();
        m.reporters.push(code("NOBODY"));
        assert_eq!(
            d.put_measure(m),
            Err(Error::UnknownPartner("NOBODY".into()))
        );
        let mut m = d.measures[0].clone();
        m.strategies.push(code("NOWHERE"));
        assert_eq!(
            d.put_measure(m),
            Err(Error::UnknownStrategy("NOWHERE".into()))
        );
    }

    #[test]
    fn recording_for_an_unknown_partner_is_refused_and_changes_nothing() {
        let mut d = doc();
        let before = d.clone();
        let err = d
            .record(observation(
                "CO-DELIVERED",
                "FY2026-Q1",
                "NOBODY",
                Value::Number(3.0),
            ))
            .unwrap_err();
        assert_eq!(err, Error::UnknownPartner("NOBODY".into()));
        assert_eq!(d, before);
    }

    #[test]
    fn recording_a_period_of_the_wrong_frequency_is_refused() {
        let mut d = doc();
        let err = d
            .record(observation(
                "CO-DELIVERED",
                "2026-03",
                "SCI",
                Value::Number(3.0),
            ))
            .unwrap_err();
        assert!(matches!(err, Error::PeriodFrequencyMismatch { .. }));
    }

    #[test]
    fn a_partner_can_only_record_measures_it_reports() {
        let mut d = doc();
        let err = d
            .record(observation(
                "LIB-CARD",
                "FY2026",
                "SCI",
                Value::Ratio {
                    numerator: 1.0,
                    denominator: 2.0,
                },
            ))
            .unwrap_err();
        assert!(matches!(err, Error::NotAReporter { .. }));
    }

    #[test]
    fn recording_replaces_the_cell_and_never_adds_a_second_row() {
        let mut d = doc();
        let count = d.observations.len();
        d.record(observation(
            "CO-DELIVERED",
            "FY2027-Q2",
            "SCI",
            Value::Number(3.0),
        ))
        .unwrap();
        let previous = d
            .record(observation(
                "CO-DELIVERED",
                "FY2027-Q2",
                "SCI",
                Value::Number(4.0),
            ))
            .unwrap();
        assert_eq!(previous.unwrap().value, Value::Number(3.0));
        assert_eq!(d.observations.len(), count + 1);
    }

    #[test]
    fn a_partner_in_use_cannot_be_removed() {
        let mut d = doc();
        assert!(matches!(
            d.remove_partner(&code("LIB")),
            Err(Error::StillInUse { .. })
        ));
    }

    #[test]
    fn a_measure_with_values_cannot_be_removed() {
        let mut d = doc();
        let err = d.remove_measure(&code("CO-DELIVERED")).unwrap_err();
        assert!(err.to_string().contains("recorded values"));
    }

    #[test]
    fn a_strategy_in_use_cannot_be_dropped() {
        let mut d = doc();
        let mut coalition = d.coalition.clone();
        coalition.strategies.clear();
        assert!(matches!(
            d.set_coalition(coalition),
            Err(Error::StillInUse { .. })
        ));
    }

    #[test]
    fn earlier_targets_cannot_be_removed_or_rewritten() {
        let mut doc = sample::coalition();
        let mut m = doc.measures[0].clone();
        let before = m.clone();
        m.targets.iter_mut().for_each(|t| t.value += 1.0);
        m.keep_earlier_version(&before, "Raised", Date::parse("2026-12-02").unwrap())
            .unwrap();
        doc.put_measure(m.clone()).unwrap();
        let mut erased = m.clone();
        erased.earlier.clear();
        assert_eq!(
            doc.put_measure(erased),
            Err(Error::EarlierTargetsRewritten(m.code.to_string()))
        );
        let mut rewritten = m;
        rewritten.earlier[0].change_reason = "Never happened".into();
        assert!(doc.put_measure(rewritten).is_err());
    }

    #[test]
    fn a_measure_cannot_change_frequency_under_recorded_values() {
        let mut d = doc();
        let mut m = d.measure(&code("CO-DELIVERED")).unwrap().clone();
        m.frequency = Frequency::Monthly;
        m.baseline = None;
        m.targets.clear();
        let refused = d.put_measure(m).unwrap_err();
        assert!(matches!(refused, Error::MeaningChangedUnderValues { values } if values > 10));
        assert!(refused.to_string().contains("continue it as a new one"));
    }

    #[test]
    fn a_level_changes_only_with_a_date_and_keeps_the_history() {
        let mut d = doc();
        let mut art = d.partner(&code("ART")).unwrap().clone();
        art.level = PartnershipLevel::Embedded;
        assert_eq!(
            d.put_partner(art.clone()),
            Err(Error::ChangeNeedsDate("ART".into()))
        );
        let before = d.partner(&code("ART")).unwrap().history.len();
        d.change_partnership(
            &code("ART"),
            Date::parse("2026-11-01").unwrap(),
            PartnershipLevel::Embedded,
            art.characteristics,
            "Signed a three-year agreement",
        )
        .unwrap();
        art.name = "City Art Museum (renamed)".into();
        art.history.clear();
        d.put_partner(art).unwrap();
        let art = d.partner(&code("ART")).unwrap();
        assert_eq!(art.history.len(), before + 1);
        assert_eq!(art.level, PartnershipLevel::Embedded);
        assert_eq!(art.name, "City Art Museum (renamed)");
    }

    #[test]
    fn an_activity_with_an_unknown_partner_or_measure_is_refused() {
        let mut d = doc();
        let mut a = d.activities[0].clone();
        a.supporters.push(code("NOBODY"));
        assert_eq!(
            d.put_activity(a),
            Err(Error::UnknownPartner("NOBODY".into()))
        );
        let mut a = d.activities[0].clone();
        a.aims.push(Aim {
            measure: code("NOPE"),
            direction: Direction::Up,
        });
        assert_eq!(d.put_activity(a), Err(Error::UnknownMeasure("NOPE".into())));
    }

    #[test]
    fn an_update_about_an_unknown_activity_is_refused() {
        let mut d = doc();
        let update = Update {
            date: Date::parse("2026-11-01").unwrap(),
            author: "Ana".into(),
            text: "Hello".into(),
            links: vec![Link::Activity(code("A999"))],
        };
        assert_eq!(
            d.post_update(update),
            Err(Error::UnknownActivity("A999".into()))
        );
    }

    #[test]
    fn a_story_replaces_the_one_told_before_for_its_measure_and_period() {
        let mut d = doc();
        let count = d.stories.len();
        let story = Story {
            measure: code("ABSENT"),
            period: Period::parse("FY2026-Q3").unwrap(),
            what_happened: "Fell".into(),
            partners: vec![],
            what_works: String::new(),
            next_steps: String::new(),
        };
        d.tell_story(story.clone()).unwrap();
        d.tell_story(Story {
            what_happened: "Fell again".into(),
            ..story.clone()
        })
        .unwrap();
        assert_eq!(d.stories.len(), count + 1);
        let told: Vec<_> = d
            .stories
            .iter()
            .filter(|s| s.measure == story.measure && s.period == story.period)
            .collect();
        assert_eq!(told.len(), 1);
        assert_eq!(told[0].what_happened, "Fell again");
    }

    #[test]
    fn new_activity_codes_follow_the_highest() {
        let d = doc();
        let next = d.next_activity_code();
        assert!(d.activity(&next).is_none());
    }

    #[test]
    fn an_unused_partner_can_be_removed() {
        let mut d = Document::empty();
        d.add_partner(Partner::new(
            code("X"),
            "X",
            Sector::Business,
            PartnershipLevel::Networking,
            Characteristics::default(),
        ))
        .unwrap();
        assert!(d.remove_partner(&code("X")).is_ok());
        assert!(d.partners.is_empty());
    }
}
