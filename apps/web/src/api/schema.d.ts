/**
 * Generated from the API’s OpenAPI document by `npm run api:types` (openapi-typescript): do not edit.
 * The web app imports `paths` and calls the API through openapi-fetch.
 */

export interface paths {
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness: the process answers */
    get: operations['HealthController_live'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness: the database answers in time (and which subscriptions this process leads) */
    get: operations['HealthController_ready'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/calls': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Calls you may answer: those of your unit and the units above it */
    get: operations['CallsController_list'];
    put?: never;
    /** Open a call for applications for your unit or below */
    post: operations['CallsController_open'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/calls/{id}/close': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Close a call early, with a reason */
    post: operations['CallsController_close'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Draft an application for a call */
    post: operations['ApplicationsController_draft'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An application with its reviews, assignments and timeline, as you may see it */
    get: operations['ApplicationsController_detail'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Edit your draft (or the application sent back for changes) */
    patch: operations['ApplicationsController_update'];
    trace?: never;
  };
  '/api/applications/{id}/submit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Submit (or resubmit) your application */
    post: operations['ApplicationsController_submit'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications/{id}/withdraw': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Withdraw your application, with a reason */
    post: operations['ApplicationsController_withdraw'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications/{id}/reviewers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Assign reviewers (a chair over the application; conflicts need an override reason) */
    post: operations['ApplicationsController_assign'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications/{id}/reviewers/{reviewerId}/removal': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Remove an overdue or conflicted reviewer from the current revision (chair)
     * @description Not in review, not a reviewer of this revision (reviewer_not_assigned), or neither overdue nor conflicted (removal_not_justified): 422.
     */
    post: operations['ApplicationsController_removeReviewer'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications/{id}/reviewer-candidates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Reviewers the chair may assign to an application, with their conflicts of interest */
    get: operations['ApplicationsController_reviewerCandidates'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications/{id}/reviews': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Submit your review: one 0–100 score per rubric dimension and comments */
    post: operations['ApplicationsController_review'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications/{id}/request-changes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send the application back for changes, with a reason */
    post: operations['ApplicationsController_requestChanges'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications/{id}/decision': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Decide: approve or reject, with the rationale (after the quorum of reviews) */
    post: operations['ApplicationsController_decide'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications/{id}/enrolments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Enrol a trainee in an approved training project */
    post: operations['ApplicationsController_enrol'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications/{id}/completions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record a trainee’s completion and the hours it grants */
    post: operations['ApplicationsController_complete'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications/{id}/trainee-evaluations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Evaluate a training project you attended (anonymous) */
    post: operations['ApplicationsController_evaluateAsTrainee'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications/{id}/performance-evaluation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record the biennial performance evaluation of a running training project */
    post: operations['ApplicationsController_evaluatePerformance'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications/mine': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your applications, newest first */
    get: operations['ApplicationsController_mine'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/evidence': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Upload an evidence file (the raw file as the body, its name in ?name=) */
    post: operations['EvidenceController_upload'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/applications/{id}/attachments/{evidenceId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download a file an application carries (its applicant, assigned reviewers, the committee)
     * @description The bytes are checked against the SHA-256 recorded at upload: a file that no longer matches is not sent (409 attachment_damaged, logged for the administrator). A file erased with its uploader’s personal data: 410.
     */
    get: operations['EvidenceController_download'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/review-queue': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your review queue, by due date, with overdue flags, in keyset pages */
    get: operations['CommitteeController_queue'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/board': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The chair’s board: applications of your unit and below by stage, with counts */
    get: operations['CommitteeController_board'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/training-projects': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Approved, running training projects within your reach, with places left and whether you are enrolled */
    get: operations['TrainingProjectsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/org-units/{id}/annual-summaries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An office’s annual summaries of the last five years (or one year) */
    get: operations['AnnualSummariesController_list'];
    put?: never;
    /** Submit your office’s annual training summary (by the end of February) */
    post: operations['AnnualSummariesController_submit'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/app-info': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Facts the sign-in page shows before anyone signs in */
    get: operations['AppInfoController_info'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Metrics in the Prometheus text format
     * @description Readable from the addresses in METRICS_ALLOW, or with an admin’s bearer token from anywhere.
     */
    get: operations['MetricsController_metrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign in with username and password (API clients: a bearer token)
     * @description Answers a short-lived bearer token. One answer (401) for an unknown user, a wrong password and a deactivated account. Failures for one username from one address make that address wait (1 min after 5, doubling up to 15 min); one address has a larger budget over every username. While throttled: 429 with Retry-After, even with the right password.
     */
    post: operations['AuthController_login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign in with username and password (the web app: a session cookie)
     * @description Sets the httpOnly `tdw_session` cookie and the readable `tdw_csrf` cookie (SameSite=Strict). Requests that change state with this cookie must send `X-CSRF-Token` equal to `tdw_csrf`. Same 401 and 429 as `POST /api/auth/login`.
     */
    post: operations['AuthController_startSession'];
    /** Sign out (the web app’s session cookie) */
    delete: operations['AuthController_endSession'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign out (ends the session of this bearer token or cookie) */
    post: operations['AuthController_logout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed-in caller and the role this request acts in */
    get: operations['AuthController_me'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/org-units': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Org units you may see: your unit and below, or the children of `parent` */
    get: operations['OrgUnitsController_list'];
    put?: never;
    /**
     * Create an org unit in your subtree
     * @description Roles: admin.
     */
    post: operations['OrgUnitsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/org-units/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An org unit on your branch of the tree */
    get: operations['OrgUnitsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List and search the users in your org unit and below
     * @description Roles: admin.
     */
    get: operations['UsersController_list'];
    put?: never;
    /**
     * Register a user in your org unit or below
     * @description Roles: admin.
     */
    post: operations['UsersController_register'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/me/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Change your own password (every session of yours ends; sign in again) */
    put: operations['UsersController_changeOwnPassword'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}/roles': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Set a user’s roles (an admin over them; their sessions end)
     * @description Roles: admin.
     */
    put: operations['UsersController_changeRoles'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}/deactivation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Deactivate a user (an admin over them; their sessions end at once)
     * @description Roles: admin.
     */
    post: operations['UsersController_deactivate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}/reactivation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reactivate a deactivated user (an admin over them)
     * @description Roles: admin.
     */
    post: operations['UsersController_reactivate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}/password-reset': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reset a user’s password to a temporary one (an admin over them; their sessions end)
     * @description Roles: admin.
     */
    post: operations['UsersController_resetPassword'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}/transfer': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Transfer a user to another org unit (an admin over both units; their sessions end)
     * @description Roles: admin.
     */
    post: operations['UsersController_transfer'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}/org-unit-history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The org units a user has belonged to (an admin over them)
     * @description Roles: admin.
     */
    get: operations['UsersController_unitHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}/erasure': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Erase a user’s personal data on a lawful request
     * @description Roles: admin.
     */
    post: operations['UsersController_erase'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}/locale': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Change a user’s language (your own, or as an admin over them) */
    put: operations['UsersController_changeLocale'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A user: yourself, or as an admin anyone in your subtree */
    get: operations['UsersController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/teachers/me/progression': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your progression: tier, what the next tier takes, hours, credits, ethics (我的成长路径) */
    get: operations['TeachersController_mine'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/teachers/{id}/progression': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A teacher’s progression (the teacher, or an office over their org unit) */
    get: operations['TeachersController_progressionOf'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/teachers/{id}/ethics-assessments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record a school year’s ethics assessment (师德考核): pass or fail */
    post: operations['TeachersController_ethics'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/teachers/{id}/appraisals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record a school year’s annual appraisal (年度考核) */
    post: operations['TeachersController_appraisal'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/teachers/{id}/hours': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Grant hours for a recognised activity (学时登记) */
    post: operations['TeachersController_grant'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/teachers/{id}/hours/{entryId}/reversal': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reverse a ledger entry, with a reason (冲销) */
    post: operations['TeachersController_reverse'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/teachers/{id}/tier-revocations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke a tier after a failed end-of-term assessment (评估跟进) */
    post: operations['TeachersController_revoke'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/dashboard': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The office dashboard: tiers, annual-hours shortfalls and bans in force in a subtree */
    get: operations['TeachersController_dashboard'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/policies/current': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The policy in force now */
    get: operations['PoliciesController_current'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/policies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every policy version with its effective time, oldest first */
    get: operations['PoliciesController_list'];
    put?: never;
    /**
     * Publish a new policy version (a city or province admin)
     * @description The policy must have the shape of the one in force; its numbers are checked together.
     */
    post: operations['PoliciesController_publish'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/policies/diff': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The changes between two policy versions */
    get: operations['PoliciesController_diff'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/mentorships': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Mentorships: yours with ?mine=1, else those an office oversees */
    get: operations['MentorshipsController_list'];
    put?: never;
    /** Pair a new teacher with a mentor (an admin over the mentee) */
    post: operations['MentorshipsController_pair'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/mentorships/{id}/meetings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Log a mentoring meeting (the mentor or the mentee) */
    post: operations['MentorshipsController_logMeeting'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/mentorships/{id}/sign-off': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign off the mentorship year (the mentor) */
    post: operations['MentorshipsController_signOff'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/mentorships/{id}/end': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End a mentorship, with a reason */
    post: operations['MentorshipsController_end'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/mentorships/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A mentorship with its meetings (the pair, or an office over them) */
    get: operations['MentorshipsController_detail'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/studios': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Studios: yours with ?mine=1, else those of an office, with approved applications not yet founded */
    get: operations['StudiosController_list'];
    put?: never;
    /** Found the studio of an approved studio application (the office) */
    post: operations['StudiosController_found'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/studios/{id}/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add a member (the leader or an admin) */
    post: operations['StudiosController_addMember'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/studios/{id}/members/{memberId}/leave': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A member leaves, or the leader or an admin removes them, with a reason */
    post: operations['StudiosController_leave'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/studios/{id}/close': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Close the studio, with a reason (the leader or an admin) */
    post: operations['StudiosController_close'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/studios/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A studio with its members and former members */
    get: operations['StudiosController_detail'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/audit/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The audit log, newest first, filtered, in keyset pages
     * @description Roles: admin.
     */
    get: operations['AuditController_events'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/audit/entities/{kind}/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The full history of an application, teacher, mentorship, studio or call
     * @description Roles: admin.
     */
    get: operations['AuditController_history'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/audit/entities/{kind}/{id}/as-of': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * An entity’s state as of a time or a log position (exactly one of `at` and `position`)
     * @description Roles: admin.
     */
    get: operations['AuditController_asOf'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/audit/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Verify the hash chain of the whole store and report every finding
     * @description Roles: admin.
     */
    post: operations['AuditController_verify'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/audit/verify/progress': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Verify the hash chain, streaming progress lines and then the report (JSON Lines)
     * @description Roles: admin.
     */
    post: operations['AuditController_verifyWithProgress'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/audit/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Export the filtered log as CSV or JSON Lines, with hashes for the offline check
     * @description Roles: admin.
     */
    get: operations['AuditController_export'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notifications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your notifications, newest first */
    get: operations['NotificationsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notifications/unread-count': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How many of your notifications are unread */
    get: operations['NotificationsController_unreadCount'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notifications/{id}/read': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark one of your notifications read */
    post: operations['NotificationsController_markRead'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/queues': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The job queues with their counts per state
     * @description Roles: admin.
     */
    get: operations['QueuesController_queues'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/queues/jobs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The delayed, failed or completed jobs of a queue
     * @description Roles: admin.
     */
    get: operations['QueuesController_jobs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/queues/{queue}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Retry a failed job (an admin of the city or province office)
     * @description Roles: admin.
     */
    post: operations['QueuesController_retry'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reports/tiers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Teachers per tier (层级分布) in a unit and each unit below it
     * @description Roles: admin.
     */
    get: operations['ReportsController_tiers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reports/hours': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Annual hours against the requirement, with every teacher short of it (学时完成)
     * @description Roles: admin.
     */
    get: operations['ReportsController_hours'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reports/credits': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The school year’s credits by level against the target split (学分结构)
     * @description Roles: admin.
     */
    get: operations['ReportsController_credits'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reports/applications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Applications by kind and stage, approval rates and average review time (申报统计)
     * @description Roles: admin.
     */
    get: operations['ReportsController_applications'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reports/overdue': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Steps that went overdue, and whether they were done since (逾期事项)
     * @description Roles: admin.
     */
    get: operations['ReportsController_overdue'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reports/{name}/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A report as an .xlsx workbook with Chinese headers
     * @description Roles: admin.
     */
    get: operations['ReportsController_export'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/imports/{kind}/template': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The import template (.xlsx): 填写说明, headers with comments, drop-downs, an example row
     * @description Roles: admin.
     */
    get: operations['ImportsController_template'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/imports/{kind}/dry-run': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Check a file without writing anything: counts and every bad row (预检)
     * @description Roles: admin.
     */
    post: operations['ImportsController_dryRun'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/imports/{kind}/error-report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * The file back with a 错误说明 column (下载错误报告)
     * @description Roles: admin.
     */
    post: operations['ImportsController_report'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/imports/{kind}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Import a file with no bad row: starts a job (progress by rows; the page may be left)
     * @description Roles: admin.
     */
    post: operations['ImportsController_start'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/import-jobs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Your ten latest import jobs (to reopen one)
     * @description Roles: admin.
     */
    get: operations['ImportJobsController_recent'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/import-jobs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * An import job: progress by rows, then the result
     * @description Roles: admin.
     */
    get: operations['ImportJobsController_job'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    AccountReasonDto: {
      reason: string;
    };
    ActivitySourceDto: {
      /** @enum {string} */
      type: 'activity';
      id: string;
      approvingRecord: string;
    };
    AddMemberDto: {
      memberId?: string;
      username?: string;
    };
    AnnualSummaryList: {
      /** Format: uuid */
      orgUnit: string;
      items: {
        year: number;
        /**
         * Format: date-time
         * @description The end of the following February, Beijing time.
         */
        dueAt: string;
        submitted: boolean;
        /** Format: date-time */
        submittedAt: string | null;
        submittedBy: string | null;
        late: boolean;
        overdue: boolean;
        summary: string | null;
        documents: string[];
      }[];
    };
    AnnualSummarySubmitted: {
      /** Format: uuid */
      orgUnit: string;
      year: number;
      /** Format: date-time */
      submittedAt: string | null;
      events: string[];
      position: string | null;
    };
    AppInfo: {
      /** @description Whether this is a demonstration install (seeded demo logins are shown at sign-in). */
      demo: boolean;
      /**
       * @description The language a visitor sees first.
       * @enum {string}
       */
      defaultLocale: 'zh-CN' | 'en';
    };
    /** @description The application after the command. */
    ApplicationCommandAnswer: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      stage:
        'draft' | 'submitted' | 'in_review' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn';
      /** @description The stream version after the command (also the ETag). */
      version: number;
      /** @description Types of the events the command recorded (none for a repeat). */
      events: string[];
      /** @description True when the command had been executed before (a retry). */
      duplicate: boolean;
      /** @description Whether the read models showed the change before the answer (false when the request preferred respond-before-read-models). */
      readModelCaughtUp: boolean;
    };
    ApplicationDetail: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      kind: 'training_project' | 'tier_promotion' | 'studio' | 'school_plan';
      title: string;
      /** @enum {string} */
      stage:
        'draft' | 'submitted' | 'in_review' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn';
      callId: string;
      applicantId: string;
      orgUnit: string;
      fields: components['schemas']['ApplicationFieldsRecorded'];
      /** @description How many times changes were requested. */
      revision: number;
      /** Format: date-time */
      reviewDueAt: string | null;
      /** Format: date-time */
      revisionDueAt: string | null;
      reviewsSubmitted: number;
      /** @enum {string|null} */
      decision: 'approve' | 'reject' | null;
      decisionRationale: string | null;
      /** @description Mean of the reviews’ scores (平均分). */
      averageScore: number | null;
      /** @enum {string|null} */
      grade: 'excellent' | 'good' | 'qualified' | 'unqualified' | null;
      /** @description A training project retired by its performance evaluation (已淘汰). */
      retired: boolean;
      /** @description May run again without a new review (免评备案). */
      renewable: boolean;
      enrolled: number;
      completed: number;
      version: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      submittedAt: string | null;
      /** Format: date-time */
      updatedAt: string;
      /** @description The policy version pinned at submission: its rubric, quorum and deadlines apply. */
      policyVersion: string | null;
      /** Format: date-time */
      decidedAt: string | null;
      /** @description A training project’s current cycle (batch of trainees). */
      cycle: number;
      /** @description A training project whose last evaluation ended it (已结项). */
      concluded: boolean;
      retiredReason: string | null;
      /**
       * Format: date-time
       * @description When the biennial performance evaluation of a running project is due.
       */
      nextEvaluationDueAt: string | null;
      /** @description Each renewal into a next cycle without a new review (免评备案). */
      renewals: {
        cycle: number;
        /** @enum {string} */
        grade: 'excellent' | 'good' | 'qualified' | 'unqualified';
        /** Format: date-time */
        renewedAt: string;
        /** Format: date-time */
        nextEvaluationDueAt: string | null;
      }[];
      /**
       * @description Where an approved training project stands after its evaluations.
       * @enum {string|null}
       */
      projectStatus: 'running' | 'retired' | 'concluded' | null;
      /**
       * @description What the caller reads it as.
       * @enum {string}
       */
      viewerAccess: 'applicant' | 'reviewer' | 'committee';
      /** @description The committee sees every review; a reviewer the others of a revision once theirs is in; the applicant all of them, unsigned, once decided. */
      reviews: components['schemas']['Review'][];
      /** @description The committee only. */
      assignments?: components['schemas']['ReviewAssignment'][];
      /** @description A reviewer only: their own assignment, with its deadline. */
      myAssignment?: {
        /** Format: date-time */
        dueAt: string;
        submittedRevision: number | null;
      } | null;
      /** @description The committee only: reviewers the chair removed, why, and whether their review was dropped. */
      removals?: {
        reviewerId: string;
        revision: number;
        reason: string;
        grounds: ('overdue' | 'conflict_of_interest')[];
        conflicts: string[];
        reviewDiscarded: boolean;
        /** Format: date-time */
        removedAt: string;
      }[];
      timeline: components['schemas']['TimelineEntry'][];
    };
    /** @description The fields of the application’s kind, told apart by `kind`. */
    ApplicationFields:
      | components['schemas']['TrainingProjectFieldsDto']
      | components['schemas']['TierPromotionFieldsDto']
      | components['schemas']['StudioFieldsDto']
      | components['schemas']['SchoolPlanFieldsDto'];
    /** @description The fields of the application’s kind as recorded, told apart by `kind`. */
    ApplicationFieldsRecorded:
      | components['schemas']['TrainingProjectFieldsRecorded']
      | components['schemas']['TierPromotionFieldsRecorded']
      | components['schemas']['StudioFieldsRecorded']
      | components['schemas']['SchoolPlanFieldsRecorded'];
    ApplicationList: {
      items: components['schemas']['ApplicationSummary'][];
    };
    ApplicationSummary: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      kind: 'training_project' | 'tier_promotion' | 'studio' | 'school_plan';
      title: string;
      /** @enum {string} */
      stage:
        'draft' | 'submitted' | 'in_review' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn';
      callId: string;
      applicantId: string;
      orgUnit: string;
      fields: components['schemas']['ApplicationFieldsRecorded'];
      /** @description How many times changes were requested. */
      revision: number;
      /** Format: date-time */
      reviewDueAt: string | null;
      /** Format: date-time */
      revisionDueAt: string | null;
      reviewsSubmitted: number;
      /** @enum {string|null} */
      decision: 'approve' | 'reject' | null;
      decisionRationale: string | null;
      /** @description Mean of the reviews’ scores (平均分). */
      averageScore: number | null;
      /** @enum {string|null} */
      grade: 'excellent' | 'good' | 'qualified' | 'unqualified' | null;
      /** @description A training project retired by its performance evaluation (已淘汰). */
      retired: boolean;
      /** @description May run again without a new review (免评备案). */
      renewable: boolean;
      enrolled: number;
      completed: number;
      version: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      submittedAt: string | null;
      /** Format: date-time */
      updatedAt: string;
      /** @description The policy version pinned at submission: its rubric, quorum and deadlines apply. */
      policyVersion: string | null;
      /** Format: date-time */
      decidedAt: string | null;
      /** @description A training project’s current cycle (batch of trainees). */
      cycle: number;
      /** @description A training project whose last evaluation ended it (已结项). */
      concluded: boolean;
      retiredReason: string | null;
      /**
       * Format: date-time
       * @description When the biennial performance evaluation of a running project is due.
       */
      nextEvaluationDueAt: string | null;
      /** @description Each renewal into a next cycle without a new review (免评备案). */
      renewals: {
        cycle: number;
        /** @enum {string} */
        grade: 'excellent' | 'good' | 'qualified' | 'unqualified';
        /** Format: date-time */
        renewedAt: string;
        /** Format: date-time */
        nextEvaluationDueAt: string | null;
      }[];
    };
    ApplicationsReport: {
      /** @enum {string} */
      report: 'tiers' | 'hours' | 'credits' | 'applications' | 'overdue';
      unit: {
        id: string;
        name: string;
        /** @enum {string} */
        level: 'province' | 'city' | 'district' | 'school';
      };
      schoolYear: string;
      policyVersion: string;
      /** Format: date-time */
      generatedAt: string;
      total: {
        unit: {
          id: string;
          name: string;
          /** @enum {string} */
          level: 'province' | 'city' | 'district' | 'school';
        };
        /** @description true: the records attached to the unit itself (本级), not to a unit below */
        self: boolean;
        /** @description the row’s unit has units below it: the page can drill down */
        hasChildren: boolean;
        applications: number;
        stages: {
          submitted: number;
          in_review: number;
          changes_requested: number;
          approved: number;
          rejected: number;
          withdrawn: number;
        };
        decided: number;
        /** @description percent, one decimal */
        approvalRate: number;
        /** @description submission to decision, days, one decimal */
        averageReviewDays: number | null;
      };
      rows: {
        unit: {
          id: string;
          name: string;
          /** @enum {string} */
          level: 'province' | 'city' | 'district' | 'school';
        };
        /** @description true: the records attached to the unit itself (本级), not to a unit below */
        self: boolean;
        /** @description the row’s unit has units below it: the page can drill down */
        hasChildren: boolean;
        applications: number;
        stages: {
          submitted: number;
          in_review: number;
          changes_requested: number;
          approved: number;
          rejected: number;
          withdrawn: number;
        };
        decided: number;
        /** @description percent, one decimal */
        approvalRate: number;
        /** @description submission to decision, days, one decimal */
        averageReviewDays: number | null;
      }[];
      byKind: {
        /** @enum {string} */
        kind: 'training_project' | 'tier_promotion' | 'studio' | 'school_plan';
        applications: number;
        stages: {
          submitted: number;
          in_review: number;
          changes_requested: number;
          approved: number;
          rejected: number;
          withdrawn: number;
        };
        decided: number;
        /** @description percent, one decimal */
        approvalRate: number;
        /** @description submission to decision, days, one decimal */
        averageReviewDays: number | null;
      }[];
    };
    AppraisalDto: {
      schoolYear: string;
      /** @enum {string} */
      result: 'excellent' | 'good' | 'qualified' | 'unqualified';
    };
    AssessmentRefDto: {
      ref: string;
      score: number;
    };
    AssignReviewersDto: {
      reviewers: components['schemas']['ReviewerChoiceDto'][];
    };
    /** @description An evidence file the application carries; download it from /attachments/{evidenceId}. */
    Attachment: {
      /** Format: uuid */
      id: string;
      name: string;
      sha256: string;
      mediaType: string;
      size: number;
      /** @description Erased with its uploader’s personal data: no longer downloadable (410), name withheld. */
      erased?: boolean;
    };
    AuditLogEntry: {
      position: string;
      eventId: string;
      streamId: string;
      version: number;
      entity: {
        kind: string;
        id: string;
      };
      applicationKind: string | null;
      type: string;
      actor: {
        id: string;
        name: string | null;
        role: string;
      };
      orgUnit: string;
      actorOrgUnit: string;
      correlationId: string;
      causationId: string;
      commandId: string;
      /** @description The reason, rationale or comment the event carries. */
      rationale: string | null;
      /** Format: date-time */
      recordedAt: string;
    };
    AuditLogPage: {
      items: components['schemas']['AuditLogEntry'][];
      /** @description Send it as `cursor` for the next page. */
      nextCursor: string | null;
      limit: number;
    };
    Board: {
      /** @description Applications per stage (drafts are never shown). */
      counts: {
        [key: string]: number;
      };
      items: {
        /** Format: uuid */
        id: string;
        /** @enum {string} */
        kind: 'training_project' | 'tier_promotion' | 'studio' | 'school_plan';
        title: string;
        /** @enum {string} */
        stage:
          'draft' | 'submitted' | 'in_review' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn';
        orgUnit: string;
        applicantId: string;
        reviewsSubmitted: number;
        /** Format: date-time */
        reviewDueAt: string | null;
        /** Format: date-time */
        revisionDueAt: string | null;
        overdue: boolean | null;
        /** Format: date-time */
        updatedAt: string;
      }[];
    };
    CallCommandAnswer: {
      /** Format: uuid */
      id: string;
      /** @description The stream version after the command (also the ETag). */
      version: number;
      /** @description Types of the events the command recorded (none for a repeat). */
      events: string[];
      /** @description True when the command had been executed before (a retry). */
      duplicate: boolean;
      /** @description Whether the read models showed the change before the answer (false when the request preferred respond-before-read-models). */
      readModelCaughtUp: boolean;
    };
    CallList: {
      items: {
        /** Format: uuid */
        id: string;
        /** @enum {string} */
        kind: 'training_project' | 'tier_promotion' | 'studio' | 'school_plan';
        orgUnit: string;
        title: string;
        /** Format: date-time */
        opensAt: string;
        /** Format: date-time */
        closesAt: string;
        closed: boolean;
      }[];
    };
    ChainReport: {
      checked: number;
      streams: number;
      ok: boolean;
      findings: {
        /** @enum {string} */
        kind: 'altered' | 'chain_broken' | 'missing' | 'order' | 'head_mismatch' | 'orphan_stream';
        streamId: string;
        version: number | null;
        seq: string | null;
        detail: string;
        position: string | null;
      }[];
    };
    ChangeLocaleDto: {
      /** @enum {string} */
      locale: 'zh-CN' | 'en';
    };
    ChangeOwnPasswordDto: {
      currentPassword: string;
      newPassword: string;
    };
    ChangeRolesDto: {
      roles: ('teacher' | 'mentor' | 'reviewer' | 'chair' | 'admin')[];
    };
    CompletionDto: {
      teacherId: string;
      hours: number;
      score: number;
    };
    CreateOrgUnitDto: {
      name: string;
      /** @enum {string} */
      level: 'province' | 'city' | 'district' | 'school';
      parentId: string;
    };
    CreditsReport: {
      /** @enum {string} */
      report: 'tiers' | 'hours' | 'credits' | 'applications' | 'overdue';
      unit: {
        id: string;
        name: string;
        /** @enum {string} */
        level: 'province' | 'city' | 'district' | 'school';
      };
      schoolYear: string;
      policyVersion: string;
      /** Format: date-time */
      generatedAt: string;
      total: {
        unit: {
          id: string;
          name: string;
          /** @enum {string} */
          level: 'province' | 'city' | 'district' | 'school';
        };
        /** @description true: the records attached to the unit itself (本级), not to a unit below */
        self: boolean;
        /** @description the row’s unit has units below it: the page can drill down */
        hasChildren: boolean;
        totalCredits: number;
        totalHours: number;
        credits: {
          province: number;
          city: number;
          district: number;
          school: number;
        };
        shares: {
          /** @description percent, one decimal */
          province: number;
          /** @description percent, one decimal */
          city: number;
          /** @description percent, one decimal */
          district: number;
          /** @description percent, one decimal */
          school: number;
        };
        gaps: {
          /** @description target − share, percentage points; positive: below target */
          province: number;
          /** @description target − share, percentage points; positive: below target */
          city: number;
          /** @description target − share, percentage points; positive: below target */
          district: number;
          /** @description target − share, percentage points; positive: below target */
          school: number;
        };
      };
      rows: {
        unit: {
          id: string;
          name: string;
          /** @enum {string} */
          level: 'province' | 'city' | 'district' | 'school';
        };
        /** @description true: the records attached to the unit itself (本级), not to a unit below */
        self: boolean;
        /** @description the row’s unit has units below it: the page can drill down */
        hasChildren: boolean;
        totalCredits: number;
        totalHours: number;
        credits: {
          province: number;
          city: number;
          district: number;
          school: number;
        };
        shares: {
          /** @description percent, one decimal */
          province: number;
          /** @description percent, one decimal */
          city: number;
          /** @description percent, one decimal */
          district: number;
          /** @description percent, one decimal */
          school: number;
        };
        gaps: {
          /** @description target − share, percentage points; positive: below target */
          province: number;
          /** @description target − share, percentage points; positive: below target */
          city: number;
          /** @description target − share, percentage points; positive: below target */
          district: number;
          /** @description target − share, percentage points; positive: below target */
          school: number;
        };
      }[];
      targets: {
        province: number;
        city: number;
        district: number;
        school: number;
      };
    };
    Dashboard: {
      orgUnit: string;
      policyVersion: string;
      schoolYear: string;
      annualHoursRequired: number;
      teachersPerTier: {
        [key: string]: number;
      };
      annualHoursShortfalls: {
        teacherId: string;
        name: string | null;
        orgUnit: string;
        orgUnitName: string | null;
        hours: number;
        missing: number;
      }[];
      bansInForce: {
        teacherId: string;
        name: string | null;
        /** Format: date-time */
        banEndsAt: string | null;
        flaggedForRemoval: boolean;
        orgUnit: string;
        orgUnitName: string | null;
      }[];
    };
    DecisionDto: {
      /** @enum {string} */
      decision: 'approve' | 'reject';
      rationale: string;
      documentsSeen?: string[];
    };
    DraftApplicationDto: {
      /** Format: uuid */
      callId: string;
      title: string;
      fields: components['schemas']['ApplicationFields'];
    };
    EnrolDto: {
      teacherId?: string;
    };
    EntityAsOf: {
      /** @enum {string} */
      kind: 'application' | 'teacher' | 'mentorship' | 'studio' | 'call';
      id: string;
      streamId: string;
      /** @description Events folded (0: the entity did not exist yet). */
      version: number;
      position: string | null;
      /** Format: date-time */
      recordedAt: string | null;
      /** @description The entity’s state, folded by its decider. */
      state: unknown;
      asOf: {
        at?: string;
        position?: string;
      };
    };
    EntityHistory: {
      /** @enum {string} */
      kind: 'application' | 'teacher' | 'mentorship' | 'studio' | 'call';
      id: string;
      streamId: string;
      /** @description Events folded (0: the entity did not exist yet). */
      version: number;
      position: string | null;
      /** Format: date-time */
      recordedAt: string | null;
      /** @description The entity’s state, folded by its decider. */
      state: unknown;
      orgUnit: string;
      /** @description The stream is longer than one answer holds. */
      truncated: boolean;
      events: {
        position: string;
        version: number;
        eventId: string;
        type: string;
        schemaVersion: number;
        /** Format: date-time */
        recordedAt: string;
        actor: {
          id: string;
          name: string | null;
          role: string;
        };
        actorOrgUnit: string;
        correlationId: string;
        causationId: string;
        commandId: string;
        rationale: string | null;
        /** @description The event’s data. */
        data: unknown;
        /** @description Anything else the command recorded (request path …). */
        metadata: {
          [key: string]: unknown;
        };
        contentHash: string;
        chainHash: string;
      }[];
    };
    ErasePersonalDataDto: {
      reason: string;
      legalBasis: string;
    };
    EthicsAssessmentDto: {
      schoolYear: string;
      /** @enum {string} */
      result: 'pass' | 'fail';
    };
    /** @description An evidence file, stored and recorded (EvidenceUploaded). */
    EvidenceUploaded: {
      /**
       * Format: uuid
       * @description Attach the file to an application with this id (fields.attachments).
       */
      id: string;
      /** @description SHA-256 of the content, hex. */
      sha256: string;
      /** @description The file name, as given (without any folder). */
      name: string;
      /**
       * @description The type the content is (sniffed, never from the name).
       * @enum {string}
       */
      mediaType:
        | 'application/pdf'
        | 'image/png'
        | 'image/jpeg'
        | 'image/gif'
        | 'image/webp'
        | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
        | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        | 'application/vnd.openxmlformats-officedocument.presentationml.presentation'
        | 'application/msword'
        | 'application/vnd.ms-excel'
        | 'application/vnd.ms-powerpoint';
      /** @description Bytes. */
      size: number;
      /** Format: date-time */
      uploadedAt: string;
    };
    FoundStudioDto: {
      /** Format: uuid */
      applicationId: string;
    };
    GrantHoursDto: {
      hours: number;
      credits?: number;
      /** @enum {string} */
      level: 'province' | 'city' | 'district' | 'school';
      /** @enum {string} */
      kind: 'training' | 'ethics_study' | 'activity';
      completedAt: string;
      source: components['schemas']['ActivitySourceDto'];
    };
    Health: {
      /** @enum {string} */
      status: 'ok';
      /** @description The checks that are up. */
      info: {
        [key: string]: {
          /** @enum {string} */
          status: 'up' | 'down';
        } & {
          [key: string]: unknown;
        };
      };
      /** @description The checks that are down (none in a 200). */
      error: {
        [key: string]: {
          /** @enum {string} */
          status: 'up' | 'down';
        } & {
          [key: string]: unknown;
        };
      };
      details: {
        [key: string]: {
          /** @enum {string} */
          status: 'up' | 'down';
        } & {
          [key: string]: unknown;
        };
      };
    };
    HoursReport: {
      /** @enum {string} */
      report: 'tiers' | 'hours' | 'credits' | 'applications' | 'overdue';
      unit: {
        id: string;
        name: string;
        /** @enum {string} */
        level: 'province' | 'city' | 'district' | 'school';
      };
      schoolYear: string;
      policyVersion: string;
      /** Format: date-time */
      generatedAt: string;
      total: {
        unit: {
          id: string;
          name: string;
          /** @enum {string} */
          level: 'province' | 'city' | 'district' | 'school';
        };
        /** @description true: the records attached to the unit itself (本级), not to a unit below */
        self: boolean;
        /** @description the row’s unit has units below it: the page can drill down */
        hasChildren: boolean;
        teachers: number;
        totalHours: number;
        averageHours: number;
        met: number;
        shortfallTeachers: number;
        shortfallHours: number;
        /** @description percent, one decimal */
        completionRate: number;
      };
      rows: {
        unit: {
          id: string;
          name: string;
          /** @enum {string} */
          level: 'province' | 'city' | 'district' | 'school';
        };
        /** @description true: the records attached to the unit itself (本级), not to a unit below */
        self: boolean;
        /** @description the row’s unit has units below it: the page can drill down */
        hasChildren: boolean;
        teachers: number;
        totalHours: number;
        averageHours: number;
        met: number;
        shortfallTeachers: number;
        shortfallHours: number;
        /** @description percent, one decimal */
        completionRate: number;
      }[];
      requiredHours: number;
      /** @description teachers under the annual hours, largest gap first (at most 1,000) */
      shortfalls: {
        teacherId: string;
        name: string;
        orgUnit: {
          id: string;
          name: string;
        };
        hours: number;
        gap: number;
      }[];
      shortfallsTruncated: boolean;
    };
    HoursSource: {
      /** @enum {string} */
      type: 'training_project' | 'activity';
      id: string;
      approvingRecord: string;
    };
    ImportDryRun: {
      /** @enum {string} */
      kind: 'users' | 'hours';
      /** @enum {string} */
      format: 'xlsx' | 'csv';
      /** @description Rows below the header (the example row and empty rows left out). */
      total: number;
      /** @description 可导入: rows the import would write. */
      ready: number;
      /** @description 已存在将跳过: rows already recorded (by username, or teacher and source). */
      skipped: number;
      /** @description 有误: rows with at least one problem. */
      invalid: number;
      /** @description Every problem of every bad row, by row then column. */
      issues: {
        /** @description 行号: the row number in the file as the office sees it (the header is row 1). */
        line: number;
        /** @description 列: the column header, without *. */
        column: string;
        /** @description 填写值: what the cell holds. */
        value: string;
        /** @description The problem code (the same as the forms and deciders raise). */
        code: string;
        /** @description 问题: the problem in the request’s language. */
        message: string;
      }[];
    };
    ImportJob: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      kind: 'users' | 'hours';
      /**
       * @description interrupted: the process running it stopped; import the same file again to finish it.
       * @enum {string}
       */
      status: 'running' | 'done' | 'interrupted';
      fileName: string | null;
      total: number;
      /** @description Rows done so far, skipped ones included (the progress). */
      processed: number;
      /** @description 新增 */
      created: number;
      /** @description 跳过: already recorded before or during the import. */
      skipped: number;
      /** @description Rows a decider refused at the time of writing. */
      failed: number;
      failures: {
        line: number;
        code: string;
        message: string;
      }[];
      /** Format: date-time */
      startedAt: string;
      /** Format: date-time */
      finishedAt: string | null;
    };
    ImportJobList: {
      items: components['schemas']['ImportJob'][];
    };
    Inbox: {
      /** @description Newest first. */
      items: {
        /**
         * Format: uuid
         * @description POST /api/notifications/:id/read marks it read.
         */
        id: string;
        /**
         * @description What happened (GLOSSARY.md §10).
         * @enum {string}
         */
        kind:
          | 'review_reminder'
          | 'review_overdue'
          | 'review_escalated'
          | 'revision_reminder'
          | 'revision_overdue'
          | 'revision_escalated'
          | 'call_closing'
          | 'call_closed'
          | 'evaluation_reminder'
          | 'evaluation_overdue'
          | 'evaluation_escalated'
          | 'mentorship_year_reminder'
          | 'mentorship_signoff_due'
          | 'mentorship_escalated'
          | 'annual_summary_reminder'
          | 'annual_summary_overdue'
          | 'annual_summary_escalated'
          | 'ethics_ban_ended'
          | 'application_submitted'
          | 'review_assigned'
          | 'changes_requested'
          | 'application_decided'
          | 'trainee_enrolled'
          | 'training_completed'
          | 'annual_hours_shortfall'
          | 'ethics_study_shortfall';
        label: components['schemas']['LocalizedText'];
        title: components['schemas']['LocalizedText'];
        body: components['schemas']['LocalizedText'];
        message: components['schemas']['LocalizedText'];
        subject: components['schemas']['NotificationSubject'] | null;
        /** @description `review`, a timed step (`revision`, `call_close`, `evaluation`, `mentorship_year`, `annual_summary`, `ethics_ban_end`), a step as it happens (`submission`, `decision`, `enrolment`, `completion`) or an obligation (`annual_hours`, `ethics_study`). */
        step: string;
        details: components['schemas']['NotificationDetails'] | null;
        /**
         * Format: date-time
         * @description The step’s due date; for a shortfall, its period’s end.
         */
        dueAt: string | null;
        /** Format: date-time */
        sentAt: string;
        /** Format: date-time */
        readAt: string | null;
        read: boolean;
        /** @description Same as subject.id for an application’s steps. */
        applicationId: string | null;
        /** @description Same as subject.id. */
        subjectId: string | null;
        /** @description Same as subject.title. */
        applicationTitle: string | null;
        /** @description A review step’s reviewer. */
        reviewerId: string | null;
        /** @description A review step’s revision. */
        revision: number | null;
      }[];
    };
    LedgerEntry: {
      entryId: string;
      hours: number;
      credits: number;
      /** @enum {string} */
      level: 'province' | 'city' | 'district' | 'school';
      /** @enum {string} */
      kind: 'training' | 'ethics_study' | 'activity';
      schoolYear: string;
      semester: string;
      /** @description ISO 8601, as the grant gave it. */
      completedAt: string;
      source: components['schemas']['HoursSource'];
      score: number | null;
      policyVersion: string;
      /** Format: date-time */
      grantedAt: string;
      reversed: boolean;
    };
    LocaleChanged: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      locale: 'zh-CN' | 'en';
      version: number;
      duplicate: boolean;
      readModelCaughtUp: boolean;
    };
    LocalizedText: {
      /** @description 简体中文 */
      zh: string;
      /** @description English */
      en: string;
    };
    LogMeetingDto: {
      on: string;
      notes: string;
    };
    LoginAnswer: {
      /** @description Send it as `Authorization: Bearer <token>`. */
      accessToken: string;
      /** @enum {string} */
      tokenType: 'Bearer';
      /** @description Seconds the token is valid. */
      expiresIn: number;
      user: {
        id: string;
        username: string;
        displayName: string;
        roles: ('teacher' | 'mentor' | 'reviewer' | 'chair' | 'admin')[];
        orgUnit: string;
      };
    };
    LoginDto: {
      username: string;
      password: string;
    };
    /** @description The caller as their session says. */
    Me: {
      id: string;
      username: string;
      displayName: string;
      roles: ('teacher' | 'mentor' | 'reviewer' | 'chair' | 'admin')[];
      orgUnit: string;
      /** @description The name of the caller’s org unit. */
      orgUnitName: string;
      /**
       * @description The role this request acts in (X-Act-As, or the route’s first).
       * @enum {string}
       */
      role: 'teacher' | 'mentor' | 'reviewer' | 'chair' | 'admin';
      /** @enum {string} */
      locale: 'zh-CN' | 'en';
    };
    MentorshipCommandAnswer: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      status: 'active' | 'signed_off' | 'ended';
      mentorId: string | null;
      menteeId: string | null;
      /** Format: date-time */
      pairedAt: string | null;
      meetingCount: number;
      /** Format: date-time */
      signedOffAt: string | null;
      /** @description The stream version after the command (also the ETag). */
      version: number;
      /** @description Types of the events the command recorded (none for a repeat). */
      events: string[];
      /** @description True when the command had been executed before (a retry). */
      duplicate: boolean;
      /** @description Whether the read models showed the change before the answer (false when the request preferred respond-before-read-models). */
      readModelCaughtUp: boolean;
    };
    MentorshipDetail: {
      /** Format: uuid */
      id: string;
      mentorId: string;
      menteeId: string;
      mentorName: string | null;
      menteeName: string | null;
      mentorOrgUnit: string | null;
      menteeOrgUnit: string | null;
      /** @enum {string} */
      status: 'active' | 'signed_off' | 'ended';
      /** Format: date-time */
      pairedAt: string;
      /** Format: date-time */
      yearEndsAt: string;
      /** Format: date-time */
      signedOffAt: string | null;
      signOffComment: string | null;
      /** Format: date-time */
      endedAt: string | null;
      endReason: string | null;
      meetingCount: number;
      /** Format: date */
      lastMeetingOn: string | null;
      policyVersion: string;
      version: number;
      meetings: {
        /** Format: date */
        on: string;
        notes: string;
        loggedBy: string;
        /** Format: date-time */
        loggedAt: string;
      }[];
    };
    MentorshipList: {
      items: {
        /** Format: uuid */
        id: string;
        mentorId: string;
        menteeId: string;
        mentorName: string | null;
        menteeName: string | null;
        mentorOrgUnit: string | null;
        menteeOrgUnit: string | null;
        /** @enum {string} */
        status: 'active' | 'signed_off' | 'ended';
        /** Format: date-time */
        pairedAt: string;
        /** Format: date-time */
        yearEndsAt: string;
        /** Format: date-time */
        signedOffAt: string | null;
        signOffComment: string | null;
        /** Format: date-time */
        endedAt: string | null;
        endReason: string | null;
        meetingCount: number;
        /** Format: date */
        lastMeetingOn: string | null;
        policyVersion: string;
        version: number;
      }[];
    };
    NotificationDetails: {
      /** @description The application’s revision (1: first submission). */
      revision?: number;
      /** @description Changes requested: the chair’s reason (退回原因). */
      reason?: string;
      /** @enum {string} */
      decision?: 'approve' | 'reject';
      /** @description The decision’s written rationale (决定理由). */
      rationale?: string;
      /** @description A completion: hours granted (0 when retraining is required). */
      hours?: number;
      /** @description A completion: the trainee’s assessed score. */
      score?: number;
      /** @description A completion below the qualifying score: retraining required. */
      retraining?: boolean;
      /** @description An enrolment: when the training starts (YYYY-MM-DD). */
      startsOn?: string;
      /** @description An enrolment: when the training ends (YYYY-MM-DD). */
      endsOn?: string;
      /** @description A shortfall: the school year `2025-2026` or semester `2025-2026/2`. */
      period?: string;
      /** @description A shortfall: hours completed in the period. */
      completed?: number;
      /** @description A shortfall: hours the policy requires in the period. */
      required?: number;
      /** @description A shortfall: hours still missing. */
      missing?: number;
    };
    NotificationRead: {
      /** Format: uuid */
      id: string;
      read: boolean;
      events: string[];
      position: string | null;
      readModelCaughtUp: boolean;
    };
    NotificationSubject: {
      /**
       * @description What it is about, for a link: `application` (GET /api/applications/:id), `call`, `mentorship`, `teacher` (the progression) or `org_unit` (its annual summaries).
       * @enum {string}
       */
      kind: 'application' | 'call' | 'mentorship' | 'teacher' | 'org_unit';
      /** @description The id of the application, call, mentorship, teacher (user) or org unit. */
      id: string;
      /** @description An application’s or call’s title, an org unit’s name; null for people (personal data). */
      title: string | null;
    };
    OpenCallDto: {
      /** @enum {string} */
      kind: 'training_project' | 'tier_promotion' | 'studio' | 'school_plan';
      orgUnit: string;
      title: string;
      opensAt: string;
      closesAt: string;
    };
    OrgUnit: {
      id: string;
      parentId: string | null;
      /** @enum {string} */
      level: 'province' | 'city' | 'district' | 'school';
      name: string;
      /** @description The ids from the province down, `/<province>/<city>/…/`. */
      path: string;
    };
    OrgUnitCreated: {
      id: string;
      name?: string;
      /** @enum {string} */
      level?: 'province' | 'city' | 'district' | 'school';
      parentId?: string | null;
      version: number;
      duplicate: boolean;
      readModelCaughtUp: boolean;
    };
    OrgUnitList: {
      items: components['schemas']['OrgUnit'][];
      limit: number;
    };
    OverdueReport: {
      /** @enum {string} */
      report: 'tiers' | 'hours' | 'credits' | 'applications' | 'overdue';
      unit: {
        id: string;
        name: string;
        /** @enum {string} */
        level: 'province' | 'city' | 'district' | 'school';
      };
      schoolYear: string;
      policyVersion: string;
      /** Format: date-time */
      generatedAt: string;
      total: {
        unit: {
          id: string;
          name: string;
          /** @enum {string} */
          level: 'province' | 'city' | 'district' | 'school';
        };
        /** @description true: the records attached to the unit itself (本级), not to a unit below */
        self: boolean;
        /** @description the row’s unit has units below it: the page can drill down */
        hasChildren: boolean;
        overdue: number;
        open: number;
        steps: {
          review: number;
          revision: number;
          annual_summary: number;
        };
      };
      rows: {
        unit: {
          id: string;
          name: string;
          /** @enum {string} */
          level: 'province' | 'city' | 'district' | 'school';
        };
        /** @description true: the records attached to the unit itself (本级), not to a unit below */
        self: boolean;
        /** @description the row’s unit has units below it: the page can drill down */
        hasChildren: boolean;
        overdue: number;
        open: number;
        steps: {
          review: number;
          revision: number;
          annual_summary: number;
        };
      }[];
      items: {
        /** @enum {string} */
        step: 'review' | 'revision' | 'annual_summary';
        applicationId: string | null;
        /** @enum {string|null} */
        kind: 'training_project' | 'tier_promotion' | 'studio' | 'school_plan' | null;
        title: string | null;
        /** @description the year of an annual summary */
        subject: number | null;
        orgUnit: {
          id: string;
          name: string;
        };
        /** @description the reviewer, the applicant’s unit or the office */
        assignee: string | null;
        /** Format: date-time */
        dueAt: string;
        /** Format: date-time */
        markedAt: string;
        /** Format: date-time */
        resolvedAt: string | null;
        /** @enum {string|null} */
        resolution: 'submitted_late' | 'reviewer_removed' | 'withdrawn' | 'decided' | null;
        daysOverdue: number;
      }[];
      itemsTruncated: boolean;
    };
    PairMentorDto: {
      mentorId: string;
      menteeId: string;
    };
    PasswordResetDto: {
      temporaryPassword: string;
    };
    PerformanceEvaluationDto: {
      parts: components['schemas']['PerformancePartsDto'];
    };
    PerformancePartsDto: {
      selfAssessment: number;
      archiveCheck: number;
      traineeInterviews: number;
      onSiteDefence: number;
    };
    /** @description Policy as versioned data: DOMAIN.md’s numbers (default-1) or an admin’s later version. */
    Policy: {
      version: string;
      rubric: {
        version: string;
        dimensions: {
          key: string;
          label: string;
        }[];
      };
      reviewQuorum: number;
      reviewDueDays: number;
      revisionDueDays: number;
      gradeThresholds: {
        excellent: number;
        good: number;
        qualified: number;
      };
      performanceWeights: {
        selfAssessment: number;
        archiveCheck: number;
        traineeInterviews: number;
        onSiteDefence: number;
      };
      ladder: {
        tiers: {
          new: {
            trainingHours: number;
            mentorshipSignOff: boolean;
            committeeSelection: boolean;
          };
          young: {
            trainingHours: number;
            mentorshipSignOff: boolean;
            committeeSelection: boolean;
          };
          backbone: {
            trainingHours: number;
            mentorshipSignOff: boolean;
            committeeSelection: boolean;
          };
          leader: {
            trainingHours: number;
            mentorshipSignOff: boolean;
            committeeSelection: boolean;
          };
          master: {
            trainingHours: number;
            mentorshipSignOff: boolean;
            committeeSelection: boolean;
          };
        };
        annualHours: number;
        ethicsStudyHoursPerSemester: number;
        trainingCycle: {
          schoolYears: number;
          hours: number;
        };
        creditSplit: {
          province: number;
          city: number;
          district: number;
          school: number;
        };
        creditsPerHour: number;
        ethics: {
          banYears: number;
          consecutiveFailsForRemoval: number;
        };
        mentorship: {
          minSchoolYears: number;
          mentorLoadLimit: number;
        };
      };
    };
    PolicyDiff: {
      from: string;
      to: string;
      changes: {
        /** @description Dotted path of the changed number or text, e.g. ladder.annualHours. */
        path: string;
        /** @enum {string} */
        group:
          | 'version'
          | 'rubric'
          | 'reviewQuorum'
          | 'dueDays'
          | 'gradeThresholds'
          | 'performanceWeights'
          | 'tiers'
          | 'hours'
          | 'ethics'
          | 'creditSplit'
          | 'mentorship';
        /** @description The value in the older version (null: not there). */
        from: (string | null) | (number | null) | (boolean | null);
        /** @description The value in the newer version (null: not there). */
        to: (string | null) | (number | null) | (boolean | null);
      }[];
    };
    PolicyPublished: {
      version: string;
      events: string[];
      duplicate: boolean;
    };
    PolicyVersions: {
      /** @description The version in force now. */
      current: string;
      items: {
        version: string;
        /** Format: date-time */
        effectiveFrom: string;
        /** Format: date-time */
        publishedAt: string;
        /** @description The admin’s user id; null for the built-in default. */
        publishedBy: string | null;
        /** @enum {string} */
        status: 'in_force' | 'scheduled' | 'superseded';
        policy: components['schemas']['Policy'];
      }[];
    };
    /** @description RFC 9457 problem details. `title`, `detail` and `errors[].message` are in the language `Accept-Language` chose (Content-Language says which); `code`, `field` and the other members stay as they are, for programs. A refusal carries the facts behind it as extra members (e.g. `required` and `submitted` of `no_quorum`). */
    Problem: {
      /** @description A URI naming the kind of problem. */
      type: string;
      title: string;
      status: number;
      detail: string;
      /** @description The path of the request. */
      instance?: string;
      /** @description Quote it when reporting a problem (错误编号). */
      correlationId?: string;
      /** @description Stable snake_case reason of a refusal (see problem-messages.ts). */
      code?: string;
      /** @description One entry per bad field (validation problems), nested fields as dotted paths. */
      errors?: {
        field: string;
        message: string;
      }[];
    } & {
      [key: string]: unknown;
    };
    Progression: {
      teacherId: string;
      orgUnit: string | null;
      /** @enum {string|null} */
      tier: 'new' | 'young' | 'backbone' | 'leader' | 'master' | null;
      tierHistory: {
        /** @enum {string} */
        change: 'awarded' | 'revoked';
        /** @enum {string} */
        tier: 'new' | 'young' | 'backbone' | 'leader' | 'master';
        /** Format: date-time */
        at: string;
        policyVersion: string;
        source: components['schemas']['TierSource'] | null;
        reason: string | null;
      }[];
      policyVersion: string;
      /** Format: date-time */
      asOf: string;
      /** @enum {string|null} */
      currentTier: 'new' | 'young' | 'backbone' | 'leader' | 'master' | null;
      /** @enum {string|null} */
      nextTier: 'new' | 'young' | 'backbone' | 'leader' | 'master' | null;
      /** @description What entering the next tier takes, each with its numbers. */
      requirements: components['schemas']['Requirement'][];
      /** @description Every record requirement of the next tier is met. */
      eligible: boolean;
      /** @description Standing duties: hours this school year, ethics study … */
      obligations: components['schemas']['Requirement'][];
      hours: {
        total: number;
        schoolYear: string;
        thisSchoolYear: number;
      };
      ethics: {
        /** Format: date-time */
        banEndsAt: string | null;
        banInForce: boolean;
        flaggedForRemoval: boolean;
        /** @description The failed school year the ban runs from (two years from its end). */
        banSchoolYear: string | null;
        /** @description Why promotion is barred, and until when. */
        reason: string | null;
      };
      /** @description seed 003 §六4: completions assessed below 60 granted no hours; the teacher retrains until a later qualified completion of the same kind. */
      retraining: {
        required: boolean;
        pending: {
          source: components['schemas']['HoursSource'];
          /** @enum {string} */
          kind: 'training' | 'ethics_study' | 'activity';
          /** @enum {string} */
          level: 'province' | 'city' | 'district' | 'school';
          score: number;
          /** @enum {string} */
          grade: 'excellent' | 'good' | 'qualified' | 'unqualified';
          completedAt: string;
          policyVersion: string;
        }[];
      };
      creditSplit: {
        policyVersion: string;
        totalCredits: number;
        levels: {
          /** @enum {string} */
          level: 'province' | 'city' | 'district' | 'school';
          credits: number;
          share: number;
          target: number;
          gap: number;
        }[];
      };
      /** @description Every grant, reversed ones marked (the ledger is append-only). */
      ledger: components['schemas']['LedgerEntry'][];
      /** @description By school year. */
      ethicsAssessments: {
        [key: string]: 'pass' | 'fail';
      };
      /** @description By school year. */
      appraisals: {
        [key: string]: 'excellent' | 'good' | 'qualified' | 'unqualified';
      };
      mentorships: {
        mentorshipId: string;
        mentorId: string;
        schoolYears: number;
        /** Format: date-time */
        signedOffAt: string;
      }[];
    };
    PublishPolicyDto: {
      policy: components['schemas']['Policy'];
      effectiveFrom?: string;
    };
    QueueCounts: {
      queues: {
        name: string;
        /** @description redis or postgres */
        backend: string;
        counts: {
          delayed: number;
          waiting: number;
          active: number;
          completed: number;
          failed: number;
        };
      }[];
    };
    QueueJobRetried: {
      queue: string;
      id: string;
      /** @description The job’s state after the retry (waiting, active, completed …). */
      state: string;
      events: string[];
    };
    QueueJobs: {
      queue: string;
      /** @enum {string} */
      state: 'delayed' | 'failed' | 'completed';
      limit: number;
      items: {
        id: string;
        name: string;
        data: {
          kind: string | null;
          applicationId: string | null;
          reviewerId: string | null;
          revision: number | null;
          step: string | null;
          phase: string | null;
          streamId: string | null;
          occurrence: string | null;
          at: string | null;
          dueAt: string | null;
          notificationId: string | null;
        };
        /** Format: date-time */
        fireAt: string | null;
        attempts: number;
        failedReason: string | null;
        /** Format: date-time */
        finishedAt: string | null;
      }[];
    };
    ReasonDto: {
      reason: string;
    };
    RegisterUserDto: {
      username: string;
      displayName: string;
      orgUnit: string;
      roles: ('teacher' | 'mentor' | 'reviewer' | 'chair' | 'admin')[];
      password: string;
      /** @enum {string} */
      tier?: 'new' | 'young' | 'backbone' | 'leader' | 'master';
      subject?: string;
      phone?: string;
      email?: string;
      idCardNumber?: string;
      /** @enum {string} */
      locale?: 'zh-CN' | 'en';
    };
    Requirement: {
      /** @description training_hours, mentorship, ethics_ban, committee_selection, annual_hours … */
      key: string;
      label: string;
      /** @description The number required (or what is required). */
      required: number | string;
      /** @description The teacher’s number now. */
      current: number | string;
      met: boolean;
      /** @enum {string} */
      decidedBy: 'record' | 'committee';
      /** @description The DOMAIN.md rule and seed it comes from. */
      source: string;
      /**
       * Format: date-time
       * @description When an ethics ban in force ends.
       */
      until?: string;
    };
    RetryJobDto: {
      jobId: string;
      reason?: string;
    };
    Review: {
      /** @description Shown to the committee and to reviewers, never to the applicant. */
      reviewerId?: string;
      /** @description The applicant sees “#1”, “#2” … (blind review). */
      reviewer?: string;
      revision: number;
      /** @description One score per rubric dimension. */
      scores: {
        [key: string]: number;
      };
      /** @description The review’s score: the mean of its dimensions (综合得分). */
      total: number;
      comments: string;
      rubricVersion: string;
      /** Format: date-time */
      submittedAt: string;
      /** @description Whether it counts toward the quorum and the average (not once its reviewer was removed). */
      counted?: boolean;
    };
    ReviewAssignment: {
      reviewerId: string;
      /** Format: date-time */
      dueAt: string;
      conflicts: ('same_school' | 'mentor_or_mentee' | 'same_studio' | 'own_application')[];
      overrideReason: string | null;
      submittedRevision: number | null;
    };
    ReviewQueue: {
      items: {
        /** Format: uuid */
        id: string;
        title: string;
        /** @enum {string} */
        kind: 'training_project' | 'tier_promotion' | 'studio' | 'school_plan';
        /** @enum {string} */
        stage:
          'draft' | 'submitted' | 'in_review' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn';
        /** Format: date-time */
        dueAt: string;
        /** Format: date-time */
        assignedAt: string;
        /** @description Your review of the current revision is in. */
        submitted: boolean;
        overdue: boolean;
      }[];
      /** @description Send it as `cursor` for the next page; null when this page is the last. */
      nextCursor: string | null;
    };
    ReviewerCandidates: {
      /** Format: uuid */
      applicationId: string;
      /** @description The revision reviewers are assigned to. */
      revision: number;
      /** @description Reviews the decision needs under the pinned policy. */
      quorum: number;
      items: {
        /** @description User id. */
        id: string;
        displayName: string;
        /** @description The reviewer’s school (name). */
        school: string | null;
        /** @description The subject of the studio the reviewer leads, if any. */
        subject: string | null;
        /** @enum {string|null} */
        tier: 'new' | 'young' | 'backbone' | 'leader' | 'master' | null;
        /** @description Reviews assigned to them in applications in review, not yet submitted. */
        openReviews: number;
        /** @description Already assigned to the current revision. */
        assigned: boolean;
        /** @description Removed from the current revision by the chair: not assignable again. */
        removed: boolean;
        /** @description Conflicts of interest the assignment would raise (DOMAIN.md 利益回避), computed as the assignment does: a conflicted reviewer needs an overrideReason; own_application never passes. */
        conflicts: ('same_school' | 'mentor_or_mentee' | 'same_studio' | 'own_application')[];
      }[];
    };
    ReviewerChoiceDto: {
      reviewerId: string;
      overrideReason?: string;
    };
    RevokeTierDto: {
      assessment: components['schemas']['AssessmentRefDto'];
      reason: string;
    };
    SchoolPlanFieldsDto: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      kind: 'school_plan';
      schoolYear: string;
      summary: string;
      attachments?: string[];
    };
    SchoolPlanFieldsRecorded: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      kind: 'school_plan';
      schoolYear: string;
      summary: string;
      attachments?: components['schemas']['Attachment'][];
    };
    SessionAnswer: {
      user: {
        id: string;
        username: string;
        displayName: string;
        roles: ('teacher' | 'mentor' | 'reviewer' | 'chair' | 'admin')[];
        orgUnit: string;
        orgUnitName: string;
        /** @enum {string} */
        locale: 'zh-CN' | 'en';
      };
    };
    SignOffDto: {
      comment: string;
    };
    StudioCommandAnswer: {
      /** Format: uuid */
      id: string;
      leaderId: string | null;
      applicationId: string | null;
      /** @description Current members, the leader first. */
      members: string[];
      closed: boolean;
      /** @description The stream version after the command (also the ETag). */
      version: number;
      /** @description Types of the events the command recorded (none for a repeat). */
      events: string[];
      /** @description True when the command had been executed before (a retry). */
      duplicate: boolean;
      /** @description Whether the read models showed the change before the answer (false when the request preferred respond-before-read-models). */
      readModelCaughtUp: boolean;
    };
    StudioDetail: {
      /** Format: uuid */
      id: string;
      applicationId: string;
      name: string;
      subject: string;
      leaderId: string;
      leaderName: string | null;
      orgUnit: string;
      orgUnitName: string | null;
      closed: boolean;
      /** Format: date-time */
      foundedAt: string;
      /** Format: date-time */
      closedAt: string | null;
      closeReason: string | null;
      version: number;
      members: {
        memberId: string;
        displayName: string | null;
        /** @enum {string} */
        role: 'leader' | 'member';
        addedBy: string;
        /** Format: date-time */
        joinedAt: string;
      }[];
      formerMembers: {
        memberId: string;
        displayName: string | null;
        /** @enum {string} */
        role: 'leader' | 'member';
        addedBy: string;
        /** Format: date-time */
        joinedAt: string;
        /** Format: date-time */
        leftAt: string;
        removedBy: string | null;
        reason: string | null;
      }[];
    };
    StudioFieldsDto: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      kind: 'studio';
      name: string;
      subject: string;
      plan: string;
      attachments?: string[];
    };
    StudioFieldsRecorded: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      kind: 'studio';
      name: string;
      subject: string;
      plan: string;
      attachments?: components['schemas']['Attachment'][];
    };
    StudioList: {
      items: {
        /** Format: uuid */
        id: string;
        applicationId: string;
        name: string;
        subject: string;
        leaderId: string;
        leaderName: string | null;
        orgUnit: string;
        orgUnitName: string | null;
        closed: boolean;
        /** Format: date-time */
        foundedAt: string;
        /** Format: date-time */
        closedAt: string | null;
        /** @description Present members, the leader included. */
        memberCount: number;
        /**
         * @description With ?mine=1: how the caller belongs to the studio; else null.
         * @enum {string|null}
         */
        myRole: 'leader' | 'member' | 'former' | null;
      }[];
      /** @description For an office: approved studio applications in its scope that have no studio yet (挂牌成立). Empty with ?mine=1. */
      unfounded: {
        applicationId: string;
        title: string;
        applicantId: string;
        applicantName: string | null;
        orgUnit: string;
        /** Format: date-time */
        decidedAt: string | null;
      }[];
    };
    SubmitAnnualSummaryDto: {
      year: number;
      summary: string;
      documents?: string[];
    };
    SubmitReviewDto: {
      /** @description One 0–100 score per dimension of the rubric in force (GET /api/policies/current). */
      scores: {
        [key: string]: number;
      };
      comments: string;
    };
    TeacherCommandAnswer: {
      teacherId: string;
      /** @description The stream version after the command (also the ETag). */
      version: number;
      /** @description Types of the events the command recorded (none for a repeat). */
      events: string[];
      /** @description True when the command had been executed before (a retry). */
      duplicate: boolean;
      /** @description Whether the read models showed the change before the answer (false when the request preferred respond-before-read-models). */
      readModelCaughtUp: boolean;
    };
    TierPromotionFieldsDto: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      kind: 'tier_promotion';
      /** @enum {string} */
      targetTier: 'new' | 'young' | 'backbone' | 'leader' | 'master';
      evidence: string[];
      attachments?: string[];
    };
    TierPromotionFieldsRecorded: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      kind: 'tier_promotion';
      /** @enum {string} */
      targetTier: 'new' | 'young' | 'backbone' | 'leader' | 'master';
      evidence: string[];
      attachments?: components['schemas']['Attachment'][];
    };
    TierSource: {
      /** @enum {string} */
      type: 'seed' | 'promotion' | 'mentorship_signoff';
      applicationId?: string;
      mentorshipId?: string;
    };
    TiersReport: {
      /** @enum {string} */
      report: 'tiers' | 'hours' | 'credits' | 'applications' | 'overdue';
      unit: {
        id: string;
        name: string;
        /** @enum {string} */
        level: 'province' | 'city' | 'district' | 'school';
      };
      schoolYear: string;
      policyVersion: string;
      /** Format: date-time */
      generatedAt: string;
      total: {
        unit: {
          id: string;
          name: string;
          /** @enum {string} */
          level: 'province' | 'city' | 'district' | 'school';
        };
        /** @description true: the records attached to the unit itself (本级), not to a unit below */
        self: boolean;
        /** @description the row’s unit has units below it: the page can drill down */
        hasChildren: boolean;
        teachers: number;
        byTier: {
          new: number;
          young: number;
          backbone: number;
          leader: number;
          master: number;
        };
        unassigned: number;
      };
      rows: {
        unit: {
          id: string;
          name: string;
          /** @enum {string} */
          level: 'province' | 'city' | 'district' | 'school';
        };
        /** @description true: the records attached to the unit itself (本级), not to a unit below */
        self: boolean;
        /** @description the row’s unit has units below it: the page can drill down */
        hasChildren: boolean;
        teachers: number;
        byTier: {
          new: number;
          young: number;
          backbone: number;
          leader: number;
          master: number;
        };
        unassigned: number;
      }[];
      tiers: ('new' | 'young' | 'backbone' | 'leader' | 'master')[];
    };
    TimelineEntry: {
      version: number;
      /** @description The event type (GLOSSARY.md §11 labels them). */
      type: string;
      /** Format: date-time */
      at: string;
      /** @description Null where the applicant may not know who (a reviewer). */
      actor: {
        id: string;
        name: string | null;
        role: string;
      } | null;
      role: string;
      correlationId: string;
      /** @description Null where it would name a reviewer the reader may not know. */
      causationId: string | null;
    };
    TraineeEvaluationDto: {
      score: number;
      comment: string;
    };
    TrainingProjectFieldsDto: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      kind: 'training_project';
      /** @enum {string} */
      level: 'province' | 'city' | 'district' | 'school';
      /** @enum {string} */
      targetTier: 'new' | 'young' | 'backbone' | 'leader' | 'master';
      subject: string;
      hours: number;
      capacity: number;
      budget: number;
      startsOn: string;
      endsOn: string;
      attachments?: string[];
    };
    TrainingProjectFieldsRecorded: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      kind: 'training_project';
      /** @enum {string} */
      level: 'province' | 'city' | 'district' | 'school';
      /** @enum {string} */
      targetTier: 'new' | 'young' | 'backbone' | 'leader' | 'master';
      subject: string;
      hours: number;
      capacity: number;
      budget: number;
      startsOn: string;
      endsOn: string;
      attachments?: components['schemas']['Attachment'][];
    };
    TrainingProjects: {
      items: {
        /**
         * Format: uuid
         * @description The application id.
         */
        id: string;
        title: string;
        /** @enum {string} */
        level: 'province' | 'city' | 'district' | 'school';
        /** @enum {string} */
        targetTier: 'new' | 'young' | 'backbone' | 'leader' | 'master';
        subject: string;
        /** @description Training hours (学时) a completion grants. */
        hours: number;
        /** Format: date */
        startsOn: string;
        /** Format: date */
        endsOn: string;
        capacity: number;
        /** @description Trainees enrolled in the current cycle. */
        enrolled: number;
        /** @description The project cycle (a renewal starts the next one). */
        cycle: number;
        /** @description The org unit of the call it was approved under: its reach. */
        orgUnit: string;
        enrolledByMe: boolean;
        /** @description The caller owns it (owners do not enrol). */
        ownProject: boolean;
        /** @description No place left. */
        full: boolean;
      }[];
    };
    TransferUserDto: {
      orgUnitId: string;
      reason: string;
    };
    UnreadCount: {
      unread: number;
    };
    UpdateDraftDto: {
      title?: string;
      fields?: components['schemas']['ApplicationFields'];
    };
    /** @description Personal fields and the language appear only when there is something to show. */
    User: {
      /** Format: uuid */
      id: string;
      username: string;
      /** @description 已删除 once the personal data is erased. */
      displayName: string;
      orgUnit: string;
      schoolId: string | null;
      roles: ('teacher' | 'mentor' | 'reviewer' | 'chair' | 'admin')[];
      /** @enum {string|null} */
      tier: 'new' | 'young' | 'backbone' | 'leader' | 'master' | null;
      active: boolean;
      phone?: string;
      email?: string;
      idCardNumber?: string;
      /** Format: date-time */
      erasedAt?: string;
      /** @enum {string} */
      locale?: 'zh-CN' | 'en';
      /** @description 学科, when recorded */
      subject?: string;
      version: number;
    };
    UserChanged: {
      /** Format: uuid */
      id: string;
      roles: ('teacher' | 'mentor' | 'reviewer' | 'chair' | 'admin')[];
      active: boolean;
      /** @description Whether the user’s sessions were ended (they sign in again). */
      sessionsEnded: boolean;
      version: number;
      duplicate: boolean;
      readModelCaughtUp: boolean;
    };
    UserErased: {
      /** Format: uuid */
      id: string;
      erased: boolean;
      version: number;
      duplicate: boolean;
      readModelCaughtUp: boolean;
    };
    UserList: {
      items: components['schemas']['UserListItem'][];
      /** @description How many users match, over every page. */
      total: number;
      limit: number;
      offset: number;
    };
    UserListItem: {
      /** Format: uuid */
      id: string;
      username: string;
      displayName: string;
      orgUnit: string;
      orgUnitName: string | null;
      schoolId: string | null;
      schoolName: string | null;
      roles: ('teacher' | 'mentor' | 'reviewer' | 'chair' | 'admin')[];
      /** @enum {string|null} */
      tier: 'new' | 'young' | 'backbone' | 'leader' | 'master' | null;
      subject: string | null;
      active: boolean;
      /** @enum {string} */
      locale: 'zh-CN' | 'en';
      version: number;
    };
    UserRegistered: {
      id: string;
      username?: string;
      displayName?: string;
      orgUnit?: string;
      roles?: ('teacher' | 'mentor' | 'reviewer' | 'chair' | 'admin')[];
      /** @enum {string|null} */
      tier?: 'new' | 'young' | 'backbone' | 'leader' | 'master' | null;
      active?: boolean;
      /** @enum {string} */
      locale?: 'zh-CN' | 'en';
      version: number;
      duplicate: boolean;
      readModelCaughtUp: boolean;
    };
    UserTransferred: {
      /** Format: uuid */
      id: string;
      /** @description The unit the user belongs to now. */
      orgUnit: string;
      /** @description Whether the user’s sessions were ended (they sign in again). */
      sessionsEnded: boolean;
      version: number;
      duplicate: boolean;
      readModelCaughtUp: boolean;
    };
    UserUnitHistory: {
      /** Format: uuid */
      id: string;
      /** @description Oldest first; the last is the current unit. */
      items: components['schemas']['UserUnitPeriod'][];
    };
    UserUnitPeriod: {
      orgUnit: string;
      orgUnitName: string | null;
      /** @enum {string|null} */
      level: 'province' | 'city' | 'district' | 'school' | null;
      /**
       * Format: date-time
       * @description When the user joined the unit (registration or transfer).
       */
      since: string;
      /**
       * Format: date-time
       * @description When they left it; null for the unit they are in now.
       */
      until: string | null;
      /** @description Why they moved into it; null at registration. */
      reason: string | null;
      /** @description The admin who moved them into it; null at registration. */
      movedBy: string | null;
      movedByName: string | null;
    };
  };
  responses: {
    /** @description The request is malformed: a body, parameter or header fails validation (`errors` names each field). */
    BadRequest: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Not signed in, or the token or session is no longer valid. */
    Unauthorized: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        'WWW-Authenticate': components['headers']['WWW-Authenticate'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Not allowed: a role, the org-unit scope, a rule of who may act, or a browser request from another site. */
    Forbidden: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description No such resource (or none the caller may know of). */
    NotFound: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The request was not received in time (headers or body too slow); the connection closes. */
    RequestTimeout: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Someone else changed the resource at the same moment, or it already exists. */
    Conflict: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The resource was removed for good (an evidence file erased with its uploader’s personal data). */
    Gone: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The resource has changed since the version sent in If-Match (`currentVersion`). */
    PreconditionFailed: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The body is larger than the server accepts. */
    PayloadTooLarge: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The body is not application/json (evidence uploads: a file whose content is not PDF, an image or an Office document, or not the type declared). */
    UnsupportedMediaType: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Refused by a business rule (`code` says which, with its facts). */
    Unprocessable: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Too many failed sign-ins: wait as long as Retry-After says. */
    TooManyRequests: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        'Retry-After': components['headers']['Retry-After'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The request headers are larger than the server accepts; the connection closes. */
    HeadersTooLarge: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description An unexpected error; the body reveals nothing but the correlation id. */
    InternalError: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The service is shutting down, has lost its database, or is catching up: retry. */
    Unavailable: {
      headers: {
        'Content-Language': components['headers']['Content-Language'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
  };
  parameters: {
    /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
    AcceptLanguage: string;
    /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
    CorrelationId: string;
    /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
    ActAs: 'teacher' | 'mentor' | 'reviewer' | 'chair' | 'admin';
    /** @description A retry with the same key answers the first result and records nothing twice. */
    IdempotencyKey: string;
    /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
    IfMatch: string;
    /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
    Prefer: string;
    /** @description An X-Log-Position a command answered: the read waits until it shows that write. */
    MinPosition: string;
  };
  requestBodies: never;
  headers: {
    /** @description The resource’s version, for If-Match. */
    ETag: string;
    /** @description Where the write is in the log: send it as X-Min-Position to read it back. */
    'X-Log-Position': string;
    /** @description The new resource. */
    Location: string;
    /** @description respond-before-read-models, when the command answered without waiting for the read models. */
    'Preference-Applied': string;
    /** @description The web app’s session cookies: httpOnly `tdw_session` and readable `tdw_csrf` (SameSite=Strict). */
    'Set-Cookie': string;
    /** @description The language of the problem’s words: zh-CN or en. */
    'Content-Language': string;
    /** @description Seconds to wait before trying again. */
    'Retry-After': number;
    /** @description How to authenticate: Bearer. */
    'WWW-Authenticate': string;
  };
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  HealthController_live: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /**
       * @description The Health Check is successful
       *
       *     Liveness: the process answers
       */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Health'];
        };
      };
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  HealthController_ready: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /**
       * @description The Health Check is successful
       *
       *     Readiness: the database answers in time (and which subscriptions this process leads)
       */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Health'];
        };
      };
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  CallsController_list: {
    parameters: {
      query?: {
        /** @description Only calls for this kind. */
        kind?: 'training_project' | 'tier_promotion' | 'studio' | 'school_plan';
        /** @description Page size, 1 and up (default 50; more than 100 answers 100). */
        limit?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Calls you may answer: those of your unit and the units above it */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CallList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  CallsController_open: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['OpenCallDto'];
      };
    };
    responses: {
      /** @description Open a call for applications for your unit or below */
      201: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          Location: components['headers']['Location'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CallCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  CallsController_close: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      /** @description Close a call early, with a reason */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CallCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_draft: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DraftApplicationDto'];
      };
    };
    responses: {
      /** @description Draft an application for a call */
      201: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          Location: components['headers']['Location'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_detail: {
    parameters: {
      query?: never;
      header?: {
        /** @description An X-Log-Position a command answered: the read waits until it shows that write. */
        'X-Min-Position'?: components['parameters']['MinPosition'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An application with its reviews, assignments and timeline, as you may see it */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationDetail'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_update: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateDraftDto'];
      };
    };
    responses: {
      /** @description Edit your draft (or the application sent back for changes) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_submit: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Submit (or resubmit) your application */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_withdraw: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      /** @description Withdraw your application, with a reason */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_assign: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AssignReviewersDto'];
      };
    };
    responses: {
      /** @description Assign reviewers (a chair over the application; conflicts need an override reason) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_removeReviewer: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
        reviewerId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      /** @description Remove an overdue or conflicted reviewer from the current revision (chair) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_reviewerCandidates: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Reviewers the chair may assign to an application, with their conflicts of interest */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReviewerCandidates'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_review: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SubmitReviewDto'];
      };
    };
    responses: {
      /** @description Submit your review: one 0–100 score per rubric dimension and comments */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_requestChanges: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      /** @description Send the application back for changes, with a reason */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_decide: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DecisionDto'];
      };
    };
    responses: {
      /** @description Decide: approve or reject, with the rationale (after the quorum of reviews) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_enrol: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EnrolDto'];
      };
    };
    responses: {
      /** @description Enrol a trainee in an approved training project */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_complete: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CompletionDto'];
      };
    };
    responses: {
      /** @description Record a trainee’s completion and the hours it grants */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_evaluateAsTrainee: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['TraineeEvaluationDto'];
      };
    };
    responses: {
      /** @description Evaluate a training project you attended (anonymous) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_evaluatePerformance: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PerformanceEvaluationDto'];
      };
    };
    responses: {
      /** @description Record the biennial performance evaluation of a running training project */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ApplicationsController_mine: {
    parameters: {
      query?: {
        /** @description Page size, 1 and up (default 50; more than 100 answers 100). */
        limit?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Your applications, newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  EvidenceController_upload: {
    parameters: {
      query: {
        name: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/pdf': string;
        'image/png': string;
        'image/jpeg': string;
        'image/gif': string;
        'image/webp': string;
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document': string;
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': string;
        'application/vnd.openxmlformats-officedocument.presentationml.presentation': string;
        'application/msword': string;
        'application/vnd.ms-excel': string;
        'application/vnd.ms-powerpoint': string;
        'application/octet-stream': string;
      };
    };
    responses: {
      /** @description Upload an evidence file (the raw file as the body, its name in ?name=) */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EvidenceUploaded'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  EvidenceController_download: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
        evidenceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Download a file an application carries (its applicant, assigned reviewers, the committee) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/pdf': string;
          'image/png': string;
          'image/jpeg': string;
          'image/gif': string;
          'image/webp': string;
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document': string;
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': string;
          'application/vnd.openxmlformats-officedocument.presentationml.presentation': string;
          'application/msword': string;
          'application/vnd.ms-excel': string;
          'application/vnd.ms-powerpoint': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      410: components['responses']['Gone'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  CommitteeController_queue: {
    parameters: {
      query?: {
        /** @description `nextCursor` of the previous page (opaque: send it back as given). */
        cursor?: string;
        /** @description Only tasks whose review of the current revision is (true) or is not yet (false) in. */
        submitted?: 'true' | 'false';
        /** @description Page size, 1 and up (default 50; more than 100 answers 100). */
        limit?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Your review queue, by due date, with overdue flags, in keyset pages */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReviewQueue'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  CommitteeController_board: {
    parameters: {
      query?: {
        /** @description Only this stage. */
        stage?: 'submitted' | 'in_review' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn';
        /** @description Page size, 1 and up (default 50; more than 100 answers 100). */
        limit?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The chair’s board: applications of your unit and below by stage, with counts */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Board'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  TrainingProjectsController_list: {
    parameters: {
      query?: {
        /** @description Page size, 1 and up (default 50; more than 200 answers 200). */
        limit?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Approved, running training projects within your reach, with places left and whether you are enrolled */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TrainingProjects'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  AnnualSummariesController_list: {
    parameters: {
      query?: {
        /** @description Only this year. */
        year?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An office’s annual summaries of the last five years (or one year) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AnnualSummaryList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  AnnualSummariesController_submit: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SubmitAnnualSummaryDto'];
      };
    };
    responses: {
      /** @description Submit your office’s annual training summary (by the end of February) */
      201: {
        headers: {
          Location: components['headers']['Location'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AnnualSummarySubmitted'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  AppInfoController_info: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Facts the sign-in page shows before anyone signs in */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AppInfo'];
        };
      };
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  MetricsController_metrics: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Metrics in the Prometheus text format */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  AuthController_login: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LoginDto'];
      };
    };
    responses: {
      /** @description Sign in with username and password (API clients: a bearer token) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LoginAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  AuthController_startSession: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LoginDto'];
      };
    };
    responses: {
      /** @description Sign in with username and password (the web app: a session cookie) */
      200: {
        headers: {
          'Set-Cookie': components['headers']['Set-Cookie'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SessionAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  AuthController_endSession: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Sign out (the web app’s session cookie) */
      204: {
        headers: {
          'Set-Cookie': components['headers']['Set-Cookie'];
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  AuthController_logout: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Sign out (ends the session of this bearer token or cookie) */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  AuthController_me: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The signed-in caller and the role this request acts in */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Me'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  OrgUnitsController_list: {
    parameters: {
      query?: {
        parent?: string;
        limit?: number;
      };
      header?: {
        /** @description An X-Log-Position a command answered: the read waits until it shows that write. */
        'X-Min-Position'?: components['parameters']['MinPosition'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Org units you may see: your unit and below, or the children of `parent` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrgUnitList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  OrgUnitsController_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateOrgUnitDto'];
      };
    };
    responses: {
      /** @description Create an org unit in your subtree */
      201: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          Location: components['headers']['Location'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrgUnitCreated'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  OrgUnitsController_get: {
    parameters: {
      query?: never;
      header?: {
        /** @description An X-Log-Position a command answered: the read waits until it shows that write. */
        'X-Min-Position'?: components['parameters']['MinPosition'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An org unit on your branch of the tree */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrgUnit'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  UsersController_list: {
    parameters: {
      query?: {
        q?: string;
        role?: 'teacher' | 'mentor' | 'reviewer' | 'chair' | 'admin';
        tier?: 'new' | 'young' | 'backbone' | 'leader' | 'master';
        orgUnitId?: string;
        active?: 'true' | 'false';
        limit?: number;
        offset?: number;
      };
      header?: {
        /** @description An X-Log-Position a command answered: the read waits until it shows that write. */
        'X-Min-Position'?: components['parameters']['MinPosition'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description List and search the users in your org unit and below */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  UsersController_register: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RegisterUserDto'];
      };
    };
    responses: {
      /** @description Register a user in your org unit or below */
      201: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          Location: components['headers']['Location'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserRegistered'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  UsersController_changeOwnPassword: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ChangeOwnPasswordDto'];
      };
    };
    responses: {
      /** @description Change your own password (every session of yours ends; sign in again) */
      204: {
        headers: {
          'Set-Cookie': components['headers']['Set-Cookie'];
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  UsersController_changeRoles: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ChangeRolesDto'];
      };
    };
    responses: {
      /** @description Set a user’s roles (an admin over them; their sessions end) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserChanged'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  UsersController_deactivate: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AccountReasonDto'];
      };
    };
    responses: {
      /** @description Deactivate a user (an admin over them; their sessions end at once) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserChanged'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  UsersController_reactivate: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AccountReasonDto'];
      };
    };
    responses: {
      /** @description Reactivate a deactivated user (an admin over them) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserChanged'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  UsersController_resetPassword: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PasswordResetDto'];
      };
    };
    responses: {
      /** @description Reset a user’s password to a temporary one (an admin over them; their sessions end) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserChanged'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  UsersController_transfer: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['TransferUserDto'];
      };
    };
    responses: {
      /** @description Transfer a user to another org unit (an admin over both units; their sessions end) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserTransferred'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  UsersController_unitHistory: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The org units a user has belonged to (an admin over them) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserUnitHistory'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  UsersController_erase: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ErasePersonalDataDto'];
      };
    };
    responses: {
      /** @description Erase a user’s personal data on a lawful request */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserErased'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  UsersController_changeLocale: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ChangeLocaleDto'];
      };
    };
    responses: {
      /** @description Change a user’s language (your own, or as an admin over them) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LocaleChanged'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  UsersController_get: {
    parameters: {
      query?: never;
      header?: {
        /** @description An X-Log-Position a command answered: the read waits until it shows that write. */
        'X-Min-Position'?: components['parameters']['MinPosition'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A user: yourself, or as an admin anyone in your subtree */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['User'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  TeachersController_mine: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Your progression: tier, what the next tier takes, hours, credits, ethics (我的成长路径) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Progression'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  TeachersController_progressionOf: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A teacher’s progression (the teacher, or an office over their org unit) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Progression'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  TeachersController_ethics: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EthicsAssessmentDto'];
      };
    };
    responses: {
      /** @description Record a school year’s ethics assessment (师德考核): pass or fail */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TeacherCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  TeachersController_appraisal: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AppraisalDto'];
      };
    };
    responses: {
      /** @description Record a school year’s annual appraisal (年度考核) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TeacherCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  TeachersController_grant: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['GrantHoursDto'];
      };
    };
    responses: {
      /** @description Grant hours for a recognised activity (学时登记) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TeacherCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  TeachersController_reverse: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
        entryId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      /** @description Reverse a ledger entry, with a reason (冲销) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TeacherCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  TeachersController_revoke: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RevokeTierDto'];
      };
    };
    responses: {
      /** @description Revoke a tier after a failed end-of-term assessment (评估跟进) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TeacherCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  TeachersController_dashboard: {
    parameters: {
      query?: {
        /** @description Default: yours. */
        orgUnit?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The office dashboard: tiers, annual-hours shortfalls and bans in force in a subtree */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Dashboard'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  PoliciesController_current: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The policy in force now */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Policy'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  PoliciesController_list: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every policy version with its effective time, oldest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PolicyVersions'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  PoliciesController_publish: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PublishPolicyDto'];
      };
    };
    responses: {
      /** @description Publish a new policy version (a city or province admin) */
      201: {
        headers: {
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PolicyPublished'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  PoliciesController_diff: {
    parameters: {
      query: {
        /** @description The older version. */
        from: string;
        /** @description The newer version. */
        to: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The changes between two policy versions */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PolicyDiff'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  MentorshipsController_list: {
    parameters: {
      query?: {
        /** @description Only yours, as mentor or mentee. */
        mine?: '1' | 'true';
        /** @description Page size, 1 and up (default 50; more than 100 answers 100). */
        limit?: string;
      };
      header?: {
        /** @description An X-Log-Position a command answered: the read waits until it shows that write. */
        'X-Min-Position'?: components['parameters']['MinPosition'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Mentorships: yours with ?mine=1, else those an office oversees */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentorshipList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  MentorshipsController_pair: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PairMentorDto'];
      };
    };
    responses: {
      /** @description Pair a new teacher with a mentor (an admin over the mentee) */
      201: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          Location: components['headers']['Location'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentorshipCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  MentorshipsController_logMeeting: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LogMeetingDto'];
      };
    };
    responses: {
      /** @description Log a mentoring meeting (the mentor or the mentee) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentorshipCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  MentorshipsController_signOff: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SignOffDto'];
      };
    };
    responses: {
      /** @description Sign off the mentorship year (the mentor) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentorshipCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  MentorshipsController_end: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      /** @description End a mentorship, with a reason */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentorshipCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  MentorshipsController_detail: {
    parameters: {
      query?: never;
      header?: {
        /** @description An X-Log-Position a command answered: the read waits until it shows that write. */
        'X-Min-Position'?: components['parameters']['MinPosition'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A mentorship with its meetings (the pair, or an office over them) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentorshipDetail'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  StudiosController_list: {
    parameters: {
      query?: {
        /** @description Only yours, as leader or member (present or past). */
        mine?: '1' | 'true';
        /** @description Page size, 1 and up (default 50; more than 100 answers 100). */
        limit?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Studios: yours with ?mine=1, else those of an office, with approved applications not yet founded */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StudioList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  StudiosController_found: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['FoundStudioDto'];
      };
    };
    responses: {
      /** @description Found the studio of an approved studio application (the office) */
      201: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          Location: components['headers']['Location'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StudioCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  StudiosController_addMember: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AddMemberDto'];
      };
    };
    responses: {
      /** @description Add a member (the leader or an admin) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StudioCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  StudiosController_leave: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
        memberId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      /** @description A member leaves, or the leader or an admin removes them, with a reason */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StudioCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  StudiosController_close: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description The ETag you read: the command is refused with 412 if the resource has changed since. */
        'If-Match'?: components['parameters']['IfMatch'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      /** @description Close the studio, with a reason (the leader or an admin) */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StudioCommandAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      412: components['responses']['PreconditionFailed'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  StudiosController_detail: {
    parameters: {
      query?: never;
      header?: {
        /** @description An X-Log-Position a command answered: the read waits until it shows that write. */
        'X-Min-Position'?: components['parameters']['MinPosition'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A studio with its members and former members */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StudioDetail'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  AuditController_events: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: string;
        order?: 'asc' | 'desc';
        actor?: string;
        orgUnit?: string;
        applicationKind?: 'training_project' | 'tier_promotion' | 'studio' | 'school_plan';
        eventType?: string;
        entityKind?: string;
        from?: string;
        to?: string;
        includeAuditReads?: 'true' | 'false';
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The audit log, newest first, filtered, in keyset pages */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditLogPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  AuditController_history: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        kind: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The full history of an application, teacher, mentorship, studio or call */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityHistory'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  AuditController_asOf: {
    parameters: {
      query?: {
        at?: string;
        position?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        kind: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An entity’s state as of a time or a log position (exactly one of `at` and `position`) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityAsOf'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  AuditController_verify: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Verify the hash chain of the whole store and report every finding */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ChainReport'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  AuditController_verifyWithProgress: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Verify the hash chain, streaming progress lines and then the report (JSON Lines) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/x-ndjson': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  AuditController_export: {
    parameters: {
      query: {
        format: 'csv' | 'jsonl';
        actor?: string;
        orgUnit?: string;
        applicationKind?: 'training_project' | 'tier_promotion' | 'studio' | 'school_plan';
        eventType?: string;
        entityKind?: string;
        from?: string;
        to?: string;
        includeAuditReads?: 'true' | 'false';
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Export the filtered log as CSV or JSON Lines, with hashes for the offline check */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
          'application/x-ndjson': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  NotificationsController_list: {
    parameters: {
      query?: {
        /** @description Page size, 1 and up (default 50; more than 100 answers 100). */
        limit?: string;
        /** @description `true`: unread only. */
        unread?: 'true' | 'false';
      };
      header?: {
        /** @description An X-Log-Position a command answered: the read waits until it shows that write. */
        'X-Min-Position'?: components['parameters']['MinPosition'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Your notifications, newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Inbox'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  NotificationsController_unreadCount: {
    parameters: {
      query?: never;
      header?: {
        /** @description An X-Log-Position a command answered: the read waits until it shows that write. */
        'X-Min-Position'?: components['parameters']['MinPosition'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description How many of your notifications are unread */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnreadCount'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  NotificationsController_markRead: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Mark one of your notifications read */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotificationRead'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  QueuesController_queues: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The job queues with their counts per state */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['QueueCounts'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  QueuesController_jobs: {
    parameters: {
      query: {
        state: 'delayed' | 'failed' | 'completed';
        /** @description 1–200 (default 50). */
        limit?: string;
        /** @description The queue’s name (default: the timers’). */
        queue?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The delayed, failed or completed jobs of a queue */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['QueueJobs'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  QueuesController_retry: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        queue: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RetryJobDto'];
      };
    };
    responses: {
      /** @description Retry a failed job (an admin of the city or province office) */
      200: {
        headers: {
          'X-Log-Position': components['headers']['X-Log-Position'];
          'Preference-Applied': components['headers']['Preference-Applied'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['QueueJobRetried'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ReportsController_tiers: {
    parameters: {
      query?: {
        orgUnit?: string;
        schoolYear?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Teachers per tier (层级分布) in a unit and each unit below it */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TiersReport'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ReportsController_hours: {
    parameters: {
      query?: {
        orgUnit?: string;
        schoolYear?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Annual hours against the requirement, with every teacher short of it (学时完成) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HoursReport'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ReportsController_credits: {
    parameters: {
      query?: {
        orgUnit?: string;
        schoolYear?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The school year’s credits by level against the target split (学分结构) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreditsReport'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ReportsController_applications: {
    parameters: {
      query?: {
        orgUnit?: string;
        schoolYear?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Applications by kind and stage, approval rates and average review time (申报统计) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationsReport'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ReportsController_overdue: {
    parameters: {
      query?: {
        orgUnit?: string;
        schoolYear?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Steps that went overdue, and whether they were done since (逾期事项) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OverdueReport'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ReportsController_export: {
    parameters: {
      query?: {
        orgUnit?: string;
        schoolYear?: string;
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A report as an .xlsx workbook with Chinese headers */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ImportsController_template: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        /** @description users: teachers; hours: hours of attendees. */
        kind: 'users' | 'hours';
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The import template (.xlsx): 填写说明, headers with comments, drop-downs, an example row */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ImportsController_dryRun: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        /** @description users: teachers; hours: hours of attendees. */
        kind: 'users' | 'hours';
      };
      cookie?: never;
    };
    /** @description The .xlsx or .csv file itself as the body (≤ 5 MB, ≤ 5,000 rows); X-File-Name may carry its name. */
    requestBody: {
      content: {
        'application/octet-stream': string;
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': string;
        'text/csv': string;
        'application/vnd.ms-excel': string;
      };
    };
    responses: {
      /** @description Check a file without writing anything: counts and every bad row (预检) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ImportDryRun'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ImportsController_report: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        /** @description users: teachers; hours: hours of attendees. */
        kind: 'users' | 'hours';
      };
      cookie?: never;
    };
    /** @description The .xlsx or .csv file itself as the body (≤ 5 MB, ≤ 5,000 rows); X-File-Name may carry its name. */
    requestBody: {
      content: {
        'application/octet-stream': string;
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': string;
        'text/csv': string;
        'application/vnd.ms-excel': string;
      };
    };
    responses: {
      /** @description The file back with a 错误说明 column (下载错误报告) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ImportsController_start: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key answers the first result and records nothing twice. */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
        /** @description `respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write. */
        Prefer?: components['parameters']['Prefer'];
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        /** @description users: teachers; hours: hours of attendees. */
        kind: 'users' | 'hours';
      };
      cookie?: never;
    };
    /** @description The .xlsx or .csv file itself as the body (≤ 5 MB, ≤ 5,000 rows); X-File-Name may carry its name. */
    requestBody: {
      content: {
        'application/octet-stream': string;
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': string;
        'text/csv': string;
        'application/vnd.ms-excel': string;
      };
    };
    responses: {
      /** @description Import a file with no bad row: starts a job (progress by rows; the page may be left) */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ImportJob'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ImportJobsController_recent: {
    parameters: {
      query?: {
        kind?: 'users' | 'hours';
      };
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Your ten latest import jobs (to reopen one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ImportJobList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ImportJobsController_job: {
    parameters: {
      query?: never;
      header?: {
        /** @description zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English. */
        'Accept-Language'?: components['parameters']['AcceptLanguage'];
        /** @description Carried by every log line and event of the request, and echoed back (a new one if absent). */
        'X-Correlation-Id'?: components['parameters']['CorrelationId'];
        /** @description One of your roles to act in (a user with several roles chooses); recorded with each event. */
        'X-Act-As'?: components['parameters']['ActAs'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An import job: progress by rows, then the result */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ImportJob'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      408: components['responses']['RequestTimeout'];
      431: components['responses']['HeadersTooLarge'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
}
