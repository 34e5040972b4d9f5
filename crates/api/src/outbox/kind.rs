//! The kinds of email the outbox sends, as stored in `outbox.kind`.

/// What a notification is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Receipt,
    Started,
    ExternalFollowup,
    Closed,
    Assignment,
    Reassignment,
    InternalFollowup,
    Reminder,
    Overdue,
    /// A first answer promised for today (or before) is not given yet (to the department).
    FirstAnswer,
    MonthlyDepartment,
    MonthlyElected,
    IncomingReply,
    /// A closed request is open again (to the requester).
    Reopened,
    /// A closed request is open again (to the department, with the reason).
    DepartmentReopened,
    /// A request was assigned to a person of its department (to that person).
    PersonalAssignment,
    /// An article's documents, sent to a citizen by an agent.
    ArticleDocuments,
    /// Callbacks due soon or overdue (to the town's first-line team).
    CallbackReminder,
    /// The quarter's (or year's) report, to elected officials and the director.
    CouncilReport,
    /// Confirm a new citizen account's address.
    AccountConfirmation,
    /// A sign-up with an address that already has an account.
    AccountExists,
    /// A password-reset link.
    PasswordReset,
    /// The notice that an account's password changed.
    PasswordChanged,
    /// Confirm following a public request (to the address that asked).
    FollowConfirmation,
    /// Someone is guessing an account's password (to the account; it is not locked).
    SignInAttempts,
    /// A town administrator reset the account's second factor (to the account).
    SecondFactorReset,
    /// Confirm an address given for a department's notices (to that address).
    DepartmentEmail,
    /// A webhook endpoint kept failing for a day and was disabled (to the town administrators).
    WebhookDisabled,
}

civis_domain::wire_enum!(Kind {
    Receipt => "receipt",
    Started => "started",
    ExternalFollowup => "external_followup",
    Closed => "closed",
    Assignment => "assignment",
    Reassignment => "reassignment",
    InternalFollowup => "internal_followup",
    Reminder => "reminder",
    Overdue => "overdue",
    FirstAnswer => "first_answer",
    MonthlyDepartment => "monthly_department",
    MonthlyElected => "monthly_elected",
    IncomingReply => "incoming_reply",
    Reopened => "reopened",
    DepartmentReopened => "department_reopened",
    PersonalAssignment => "personal_assignment",
    ArticleDocuments => "article_documents",
    CallbackReminder => "callback_reminder",
    CouncilReport => "council_report",
    AccountConfirmation => "account_confirmation",
    AccountExists => "account_exists",
    PasswordReset => "password_reset",
    PasswordChanged => "password_changed",
    FollowConfirmation => "follow_confirmation",
    SignInAttempts => "sign_in_attempts",
    SecondFactorReset => "second_factor_reset",
    DepartmentEmail => "department_email",
    WebhookDisabled => "webhook_disabled",
});

impl Kind {
    /// Emails to a requester or a follower (a person outside the town), as opposed to the
    /// town's staff and departments.
    pub fn to_requester(self) -> bool {
        matches!(
            self,
            Self::Receipt
                | Self::Started
                | Self::ExternalFollowup
                | Self::Closed
                | Self::Reopened
                | Self::ArticleDocuments
                | Self::FollowConfirmation
        )
    }
}
