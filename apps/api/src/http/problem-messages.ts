/**
 * The words a problem+json answer carries, in the caller's language (`Accept-Language`: Chinese for
 * zh, zh-CN, zh-Hans …; English otherwise). The web app shows these texts as they are, so every code a
 * decider, handler or guard can raise has both languages here; `problem-messages.spec.ts` fails when
 * one is missing or when a `{placeholder}` names something the code is not raised with.
 *
 * - PROBLEM_MESSAGES: by the stable `code` of a DomainError. `{name}` is filled from the error's details
 *   (the same members the problem carries); VALUE_LABELS says how a member's codes read in each language.
 * - VALIDATION_MESSAGES: by class-validator constraint, `{0}`, `{1}` … being the constraint's limits.
 * - TEXT_MESSAGES: the fixed English texts of the HTTP layer (guards, controllers, custom validation
 *   messages), by pattern; the English answer keeps the original text.
 * - STATUS_MESSAGES: a title per status, and the detail when nothing more specific is known.
 *
 * Wording: GLOSSARY.md (§12 for the common refusals), the office's own vocabulary.
 */
export interface ProblemMessage {
  zh: string;
  en: string;
}

export const PROBLEM_MESSAGES: Record<string, ProblemMessage> = {
  // ---- sign-in, roles and scope ----
  role_required: { zh: '此操作需要{requiredRoles}角色', en: 'this needs the role {requiredRoles}' },
  role_not_held: { zh: '您不具有该角色', en: 'X-Act-As must name one of your roles' },
  admin_only: { zh: '仅管理员可执行此操作', en: 'only an admin may do this' },
  chair_only: { zh: '仅评审组长可执行此操作', en: 'only a committee chair may do this' },
  chair_or_admin_only: {
    zh: '仅评审组长或管理员可发布或关闭申报通知',
    en: 'only a chair or an admin opens and closes calls',
  },
  office_only: {
    zh: '仅教师发展中心（管理员或评审组长）可执行此操作',
    en: 'only the office (an admin or a chair) may do this',
  },
  system_only: { zh: '该操作只能由系统自动执行', en: 'only the system does this' },
  not_yours: {
    zh: '只能查看或修改本人的账号信息',
    en: 'you may read or change only your own account',
  },
  outside_scope: { zh: '超出本单位管辖范围', en: 'this belongs to an org unit outside yours' },
  call_for_another_unit: { zh: '该申报通知面向其他单位', en: 'this call is for another org unit' },
  session_expired: {
    zh: '登录已过期，请重新登录',
    en: 'your session has ended: sign in again',
  },
  csrf_failed: {
    zh: '请求缺少有效的安全令牌（CSRF），请刷新页面后重试',
    en: 'this request must carry the X-CSRF-Token of your session',
  },
  outside_admin_scope: {
    zh: '超出本单位管辖范围',
    en: 'an admin acts only in their own org unit and the units below it',
  },

  // ---- org units 组织机构 ----
  orgunit_not_found: { zh: '组织机构不存在', en: 'no such org unit' },
  parent_not_found: { zh: '上级单位不存在', en: 'no such parent org unit' },
  orgunit_exists: { zh: '该组织机构已存在', en: 'this org unit already exists' },
  invalid_name: {
    zh: '单位名称不能为空，且不能过长',
    en: 'an org unit’s name must not be blank or too long',
  },
  unknown_level: {
    zh: '单位级别须为省、市、区县或学校',
    en: 'the level must be province, city, district or school',
  },
  level_not_below_parent: {
    zh: '该上级单位之下只能设{expectedLevel}',
    en: 'a unit under this parent must be a {expectedLevel}',
  },
  root_must_be_province: {
    zh: '没有上级的单位必须是省级单位',
    en: 'a unit without a parent must be a province',
  },
  root_unit_system_only: { zh: '省级单位只能由系统创建', en: 'only the system creates a province' },
  school_has_no_children: {
    zh: '学校是最低一级，不能再设下级单位',
    en: 'a school is the lowest level: it has no units below it',
  },

  // ---- users 用户 ----
  user_exists: { zh: '该用户已存在', en: 'this user already exists' },
  user_not_found: { zh: '用户不存在', en: 'no such user' },
  username_taken: { zh: '用户名 {username} 已被占用', en: 'the username {username} is already taken' },
  invalid_username: {
    zh: '用户名须为 3–32 个字符，由字母、数字、点、短横线或下划线组成，并以字母开头',
    en: 'a username is 3–32 characters: letters, digits, dot, dash or underscore, starting with a letter',
  },
  invalid_display_name: { zh: '姓名不能为空，且不能过长', en: 'a name must not be blank or too long' },
  invalid_subject: { zh: '学科为 1–100 个字，且不能为空', en: 'a subject must be 1–100 characters' },
  invalid_email: { zh: '邮箱格式不正确', en: 'not an email address' },
  invalid_phone: {
    zh: '手机号码须为 5–24 位数字、空格或短横线，可以 + 开头',
    en: 'a phone number is 5–24 digits, spaces or dashes, optionally after +',
  },
  invalid_id_card_number: {
    zh: '身份证号须为 17 位数字加 1 位校验码（数字或 X）',
    en: 'an ID-card number is 17 digits and a check digit or X',
  },
  invalid_password_hash: {
    zh: '密码须加密后才能记录',
    en: 'the password must be hashed before it is recorded',
  },
  no_roles: { zh: '用户至少需要一个角色', en: 'a user needs at least one role' },
  unknown_role: { zh: '未知角色：{unknownRoles}', en: 'unknown role(s): {unknownRoles}' },
  unknown_locale: {
    zh: '界面语言须为简体中文（zh-CN）或 English（en）',
    en: 'the language must be zh-CN or en',
  },
  unknown_tier: {
    zh: '层级须为新教师、青年教师、骨干教师、学科带头人或名优教师',
    en: 'the tier must be new, young, backbone, leader or master',
  },
  tier_needs_teacher: { zh: '只有教师才有层级', en: 'only a teacher has a tier' },
  user_deactivated: { zh: '该账号已停用', en: 'this user is deactivated' },
  own_account: {
    zh: '管理员不能停用或恢复本人的账号，须由其他管理员办理',
    en: 'an admin cannot deactivate or reactivate their own account; another admin must',
  },
  user_erased: {
    zh: '该用户的个人信息已删除，账号不能恢复',
    en: 'the personal data of this user was erased',
  },
  wrong_current_password: { zh: '当前密码不正确', en: 'the current password is not right' },
  same_password: { zh: '新密码不能与当前密码相同', en: 'the new password must differ from the current one' },
  own_roles: {
    zh: '管理员不能变更本人的角色，须由其他管理员办理',
    en: 'an admin cannot change their own roles; another admin must',
  },
  own_personal_data: {
    zh: '管理员不能删除本人的个人信息，须由其他管理员办理',
    en: 'an admin cannot erase their own personal data; another admin must',
  },
  own_transfer: {
    zh: '管理员不能调动本人，须由其他管理员办理',
    en: 'an admin cannot transfer themselves; another admin must',
  },
  same_org_unit: { zh: '该用户已在此单位，无需调动', en: 'the user already belongs to this org unit' },
  legal_basis_required: { zh: '请填写法律依据', en: 'name the legal basis' },
  reason_required: { zh: '请填写理由', en: 'a reason is required' },
  personal_data_erased: {
    zh: '该人员的个人信息已依法删除',
    en: 'the personal data of this person was erased',
  },
  personal_data_not_sealed: {
    zh: '个人信息须加密后才能记录',
    en: 'personal data must be sealed before it is recorded',
  },

  // ---- calls 申报通知 ----
  call_not_found: { zh: '申报通知不存在', en: 'no such call' },
  call_exists: { zh: '该申报通知已存在', en: 'this call already exists' },
  call_window_open: {
    zh: '申报尚未截止，暂不能自动关闭',
    en: 'the call’s window has not ended yet',
  },
  invalid_window: { zh: '申报截止时间须晚于申报开始时间', en: 'a call must close after it opens' },

  // ---- applications 申报 ----
  application_exists: { zh: '该申报已存在', en: 'this application already exists' },
  application_not_found: { zh: '申报不存在', en: 'no such application' },
  wrong_call: { zh: '该申报通知不接受此类申报', en: 'this call is for another kind of application' },
  outside_call_window: {
    zh: '不在申报时间内（{opensAt} 至 {closesAt}）',
    en: 'outside the call window ({opensAt} to {closesAt})',
  },
  kind_fixed: { zh: '申报类型创建后不能更改', en: 'an application keeps the kind it was drafted with' },
  not_applicant: { zh: '仅申报人本人可执行此操作', en: 'only the applicant may do this' },
  not_editable: { zh: '当前状态不可修改', en: 'the application cannot be edited in its current stage' },
  not_submittable: {
    zh: '当前状态不可提交',
    en: 'the application cannot be submitted in its current stage',
  },
  already_decided: { zh: '该申报已作出决定', en: 'this application has been decided' },
  invalid_hours: { zh: '学时数不在允许的范围内', en: 'the hours are outside the allowed range' },
  invalid_capacity: {
    zh: '计划人数须为 1 到 10000 之间的整数',
    en: 'capacity must be a whole number between 1 and 10000',
  },
  invalid_budget: { zh: '经费预算不能为负数', en: 'the budget must not be negative' },
  invalid_dates: { zh: '结束日期不能早于开始日期', en: 'a project cannot end before it starts' },
  invalid_target_tier: {
    zh: '新教师是起始层级，不能作为进阶目标',
    en: 'new teacher is the first tier, not a promotion',
  },

  // ---- review 评审 ----
  not_reviewable: { zh: '当前状态不能指派评审', en: 'reviewers cannot be assigned in the current stage' },
  own_application: { zh: '不能处理本人的申报', en: 'you cannot act on your own application' },
  not_a_reviewer: { zh: '该用户不是在任评审专家', en: 'this user is not an active reviewer' },
  conflict_of_interest: {
    zh: '存在利益回避（{conflicts}），请填写豁免理由',
    en: 'conflict of interest ({conflicts}): give an override reason',
  },
  not_assigned: { zh: '您未被指派评审该申报', en: 'only an assigned reviewer may review this application' },
  not_in_review: { zh: '该申报不在评审中', en: 'this application is not under review' },
  already_reviewed: { zh: '您已提交本轮评审', en: 'you have already reviewed this revision' },
  rubric_mismatch: {
    zh: '评分项与评分细则不一致（缺少：{missing}；多余：{unexpected}）',
    en: 'the scores do not match the rubric (missing: {missing}; unexpected: {unexpected})',
  },
  score_out_of_range: { zh: '分数须在 0–100 之间', en: 'scores are 0–100' },
  no_quorum: {
    zh: '评审人数不足：已提交 {submitted} 份，需 {required} 份',
    en: 'not enough reviews: {submitted} submitted, {required} needed',
  },
  // The rules of DOMAIN.md "People and roles" and the pipeline's steps (replacing a reviewer, enrolling,
  // retraining, renewal, pinned policy versions, Idempotency-Key reuse).
  idempotency_key_reused: {
    zh: '该幂等键（Idempotency-Key）已用于另一个请求，请为新请求使用新的键',
    en: 'this Idempotency-Key was already used for a different request; use a new key for a new request',
  },
  four_eyes: {
    zh: '四眼原则：评审组长不能指派自己为评审专家，也不能对自己评审过的申报作出决定',
    en: 'four eyes: a chair does not review what they decide, nor assign themselves as a reviewer',
  },
  policy_version_mismatch: {
    zh: '该申报按提交时的政策版本 {pinned} 办理，不能改用 {given}',
    en: 'this application follows policy {pinned}, pinned at its submission, not {given}',
  },
  reviewer_not_assigned: {
    zh: '该评审专家未被指派评审本轮申报',
    en: 'this reviewer is not assigned to the current revision',
  },
  reviewer_removed: {
    zh: '该评审专家已被移出本轮评审，不能再次指派',
    en: 'this reviewer was removed from the current revision and cannot be assigned to it again',
  },
  removal_not_justified: {
    zh: '只能移出已逾期（截止 {dueAt}）或存在利益回避的评审专家',
    en: 'only an overdue (due {dueAt}) or conflicted reviewer can be removed',
  },
  own_project: {
    zh: '培训项目的申报人不能报名参加或评估本项目',
    en: 'the owner of a training project neither enrols in it nor evaluates it',
  },
  outside_project_scope: {
    zh: '该培训项目不面向您所在的单位',
    en: "this training project is outside your org unit's reach",
  },
  evaluation_not_open: {
    zh: '结业后方可对培训项目进行匿名评估',
    en: 'trainees evaluate a project once their completion is recorded',
  },
  project_concluded: {
    zh: '该培训项目本周期已结束（绩效评估为合格），再次实施须重新申报',
    en: 'this project ended with its last cycle; running it again takes a new application',
  },
  revocation_needs_district: {
    zh: '撤销层级须由区县及以上单位的管理员办理（您所在单位：{keeperLevel}）',
    en: 'revoking a tier takes an admin of a district or above (yours: {keeperLevel})',
  },

  // ---- running training projects 培训项目 ----
  not_a_training_project: {
    zh: '只有培训项目才能实施和评估',
    en: 'only training projects are run and evaluated',
  },
  project_not_approved: { zh: '该项目尚未立项', en: 'only an approved project runs' },
  project_retired: { zh: '该项目已淘汰', en: 'this project has been retired' },
  not_project_owner: {
    zh: '仅项目负责人或管理员可为他人办理',
    en: 'only the project owner or an admin does this for others',
  },
  project_full: { zh: '名额已满', en: 'the project is full' },
  not_enrolled: { zh: '该教师未报名参训', en: 'this teacher is not enrolled' },
  not_a_trainee: { zh: '只有参训学员才能评估该项目', en: 'only enrolled trainees evaluate a project' },
  already_evaluated: { zh: '您已评估过该项目', en: 'you have already evaluated this project' },
  not_a_teacher: { zh: '该用户不是在职教师', en: 'this user is not an active teacher' },

  // ---- annual summaries 年度培训工作总结 ----
  invalid_year: {
    zh: '年份须为 2000 年至今年之间的整年',
    en: 'the year must be a whole year from 2000 to now',
  },
  invalid_summary: { zh: '总结内容不能为空，且不能过长', en: 'the summary must not be blank or too long' },
  too_many_documents: { zh: '附件数量超出上限', en: 'too many documents' },
  already_submitted: { zh: '该年度总结已报送', en: 'this year’s summary has already been submitted' },

  // ---- the ladder 教师培训档案 ----
  teacher_not_found: { zh: '该教师尚未建立培训档案', en: 'this teacher has no record on the ladder' },
  teacher_exists: { zh: '该教师已有培训档案', en: 'this teacher already has a record' },
  own_record: { zh: '不能办理本人的档案', en: 'nobody keeps their own record' },
  invalid_school_year: { zh: '学年格式应如 2026-2027', en: 'a school year is written 2026-2027' },
  school_year_in_future: { zh: '不能录入未来学年', en: 'that school year has not begun' },
  source_required: {
    zh: '学时登记须注明培训项目或研修活动及审批依据',
    en: 'a grant names its training project or activity and the approving record',
  },
  invalid_credits: { zh: '学分不在允许的范围内', en: 'the credits are outside the allowed range' },
  invalid_level: {
    zh: '级别须为省级、市级、区县级或校级',
    en: 'the level must be province, city, district or school',
  },
  invalid_kind: {
    zh: '学时类别须为培训、师德师风学习或研修活动',
    en: 'the kind must be training, ethics study or activity',
  },
  invalid_completion_date: {
    zh: '只能为已完成的培训登记学时',
    en: 'hours are granted for a completion that has happened',
  },
  source_already_granted: {
    zh: '该来源已登记学时，请先冲销',
    en: 'this source is already granted; reverse it before granting again',
  },
  entry_not_found: { zh: '学时记录不存在', en: 'no such ledger entry' },

  // ---- bulk imports 批量导入 (UI.md §1.10): the cells of a sheet ----
  import_cell_required: { zh: '此列为必填项', en: 'this column is required' },
  import_duplicate_row: { zh: '与第 {line} 行重复', en: 'the same as row {line}' },
  import_unknown_school: {
    zh: '不是本单位管辖范围内的学校，请从下拉列表中选择',
    en: 'not a school within your org unit: choose one from the drop-down list',
  },
  import_ambiguous_school: {
    zh: '本单位管辖范围内有多所学校同名，无法确定是哪一所',
    en: 'several schools within your org unit have this name',
  },
  import_text_too_long: { zh: '不能超过 {max} 个字符', en: 'at most {max} characters' },
  import_unknown_user: {
    zh: '用户不存在，或不在本单位管辖范围内',
    en: 'no such user within your org unit',
  },
  import_no_teacher_record: { zh: '该用户尚未建立教师档案', en: 'this user has no teacher record' },
  import_name_mismatch: { zh: '姓名与用户名不符', en: 'the name does not match the username' },
  import_invalid_date: { zh: '日期格式应为 YYYY-MM-DD', en: 'a date is written YYYY-MM-DD' },
  import_has_errors: {
    zh: '文件中有 {invalid} 行有误，请修改后重新上传；在此之前不会写入任何数据',
    en: '{invalid} row(s) of the file are in error: fix them and upload it again; nothing was written',
  },
  already_reversed: { zh: '该记录已冲销', en: 'this entry is already reversed' },
  invalid_result: { zh: '考核结果不正确', en: 'not a valid result' },
  ethics_already_assessed: {
    zh: '该学年已录入师德考核（{result}）',
    en: 'ethics for that school year is already recorded ({result})',
  },
  appraisal_exists: { zh: '该学年已录入年度考核', en: 'that school year’s appraisal is already recorded' },
  appraisal_capped_by_ethics: {
    zh: '{schoolYear} 学年师德考核不合格，当年年度考核只能为不合格',
    en: 'ethics failed in {schoolYear}: that year’s appraisal can only be unqualified',
  },
  self_mentorship: { zh: '导师不能与本人结对', en: 'a teacher cannot mentor themself' },
  invalid_school_years: {
    zh: '年度签署至少覆盖一个完整学年',
    en: 'a sign-off covers at least one whole school year',
  },
  mentorship_not_credited: {
    zh: '该结对尚未签署，不能计入',
    en: 'this mentorship has no sign-off on this record',
  },
  committee_required: {
    zh: '该层级须经评审委员会遴选（进阶认定申报获批）后认定',
    en: 'this tier is awarded on an approved tier_promotion application',
  },
  assessment_not_failed: {
    zh: '评估成绩 {score} 分（{grade}），不构成撤销层级的理由',
    en: 'an assessment of {score} ({grade}) does not revoke a title',
  },
  first_tier: { zh: '新教师为起始层级，无可撤销的层级', en: 'the first tier has no title to revoke' },
  promotion_ineligible: {
    zh: '尚不满足{targetTier}的进阶条件：{unmet}',
    en: 'not eligible for {targetTier}: {unmet}',
  },

  // ---- mentorship 导师带教 ----
  mentorship_exists: { zh: '该结对已存在', en: 'this mentorship already exists' },
  mentorship_not_found: { zh: '结对关系不存在', en: 'no such mentorship' },
  mentorship_ended: { zh: '该结对已结束', en: 'this mentorship has ended' },
  self_pairing: { zh: '导师不能与本人结对', en: 'a teacher cannot mentor themself' },
  mentee_not_new: { zh: '带教对象须为新教师', en: 'only a new teacher is paired with a mentor' },
  mentor_load_limit: {
    zh: '导师带教人数已达上限（{active}/{limit}）',
    en: 'the mentor already has {active} of {limit} mentees',
  },
  unrelated_schools: {
    zh: '导师与带教对象须来自同一学校或相关学校',
    en: 'mentor and mentee must be from the same or a related school',
  },
  not_in_pair: { zh: '仅导师或带教对象本人可执行此操作', en: 'only the mentor or the mentee may do this' },
  invalid_meeting_date: {
    zh: '带教日期须在结对之后、今天之前（格式如 2026-10-08）',
    en: 'a meeting date is between the pairing and today, written YYYY-MM-DD',
  },
  too_many_meetings: { zh: '带教记录数量已达上限', en: 'no more meetings can be logged' },
  invalid_text: { zh: '内容不能为空，且不能过长', en: 'the text must not be blank or too long' },
  mentor_only: { zh: '仅导师本人可进行年度签署', en: 'only the mentor signs off the year' },
  already_signed_off: { zh: '该结对已完成年度签署', en: 'this mentorship is already signed off' },
  mentorship_too_short: {
    zh: '未满带教年度，暂不能签署（{signOffFrom} 起可签署）',
    en: 'the mentorship year is not over: it can be signed off from {signOffFrom}',
  },
  mentor_not_found: { zh: '导师不存在或已停用', en: 'no active user for the mentor' },
  mentee_not_found: { zh: '带教对象不存在或已停用', en: 'no active user for the mentee' },
  unknown_command: { zh: '无法识别的操作', en: 'this operation is not recognised' },
  not_a_mentor: { zh: '该用户不具有导师角色', en: 'this user does not hold the mentor role' },
  mentee_already_paired: { zh: '该带教对象已有导师', en: 'this mentee already has a mentor' },
  pairing_busy: {
    zh: '该导师或带教对象的另一项结对正在办理中，请稍后重试',
    en: 'another pairing of this mentor or mentee is in progress; retry',
  },
  read_model_behind: {
    zh: '数据正在同步，请稍后重试',
    en: 'recent changes are still being applied; retry in a moment',
  },

  // ---- studios 名优教师工作室 ----
  studio_exists: { zh: '该工作室已挂牌', en: 'this studio already exists' },
  studio_not_found: { zh: '工作室不存在', en: 'no such studio' },
  studio_closed: { zh: '该工作室已撤销', en: 'this studio is closed' },
  not_a_studio_application: {
    zh: '该申报不是工作室挂牌认定申报',
    en: 'this is not a studio application',
  },
  application_not_approved: { zh: '该申报尚未通过', en: 'this application is not approved' },
  leader_not_master: { zh: '领衔人须为名优教师', en: 'a studio is led by a master teacher' },
  leader_or_admin_only: { zh: '仅领衔人或管理员可执行此操作', en: 'only the leader or an admin may do this' },
  already_member: { zh: '该教师已是工作室成员', en: 'this teacher is already a member' },
  not_a_member: { zh: '该教师不是工作室成员', en: 'this teacher is not a member' },
  leader_cannot_leave: {
    zh: '领衔人不能退出；如需结束，请撤销工作室',
    en: 'the leader cannot leave; close the studio',
  },
  member_not_found: { zh: '该成员不存在或已停用', en: 'no active user for the member' },

  // ---- policy 政策 ----
  policy_version_exists: {
    zh: '政策版本 {version} 已发布',
    en: 'policy version {version} is already published',
  },
  invalid_policy: { zh: '政策内容有误：{problems}', en: 'the policy is invalid: {problems}' },
  invalid_effective_date: { zh: '生效时间格式不正确', en: 'effectiveFrom is not a date' },
  effective_in_past: {
    zh: '生效时间不能早于当前时间',
    en: 'a policy takes effect now or later, never in the past',
  },
  effective_before_scheduled: {
    zh: '政策版本 {scheduled} 将于 {effectiveFrom} 生效，新版本的生效时间不能更早',
    en: 'version {scheduled} takes effect {effectiveFrom}; a later version cannot start earlier',
  },

  // ---- job queue 任务队列 ----
  job_not_failed: {
    zh: '只有失败的任务可以重试（该任务当前为{jobState}）',
    en: 'only a failed job is retried (this one is {jobState})',
  },

  // ---- notifications 消息 ----
  notification_not_found: { zh: '消息不存在', en: 'no such notification' },
  invalid_message_id: {
    zh: '邮件编号（Message-ID）须为 1–255 个字符',
    en: 'a Message-ID is 1–255 characters',
  },
  unknown_skip_reason: { zh: '邮件未发送的原因不正确', en: 'not a known reason for skipping an email' },
  // ---- the edge (apps/api/src/http): bodies, text, connections ----
  body_too_deep: {
    zh: '请求体的 JSON 嵌套超过 {maxDepth} 层',
    en: 'the JSON body is nested deeper than {maxDepth} levels',
  },
  not_on_kurrentdb: {
    zh: '当前部署的事件库为 KurrentDB，不提供此功能（{feature}），请在 PostgreSQL 部署上执行',
    en: '{feature} is not available while the log is in KurrentDB; run it on a PostgreSQL deployment',
  },
  database_unavailable: {
    zh: '暂时无法连接数据库，请稍后重试',
    en: 'the database cannot be reached right now; retry shortly',
  },
  too_many_connections: {
    zh: '该地址打开的连接过多，请关闭部分连接后重试',
    en: 'this address holds too many open connections; close some and retry',
  },

  // ---- evidence files 附件 (DOMAIN.md stage 1) ----
  file_empty: { zh: '文件为空，请选择要上传的文件', en: 'the file is empty' },
  file_body_required: {
    zh: '请直接上传文件内容（不要以 JSON 提交）',
    en: 'send the file’s bytes as the body, with its type or application/octet-stream as Content-Type',
  },
  file_too_large: { zh: '文件超过 {limit} 的大小上限', en: 'the file is larger than {limit}' },
  unsupported_file_type: {
    zh: '不支持该文件类型：附件仅限 {accepted}',
    en: 'the file’s content is not one of the accepted types: {accepted}',
  },
  file_type_mismatch: {
    zh: '文件内容与所声明的类型不符：声明为 {declared}，实际为 {actual}',
    en: 'the file was declared {declared} but its content is {actual}',
  },
  evidence_exists: { zh: '该附件编号已被占用，请重新上传', en: 'this evidence id is taken' },
  evidence_not_found: { zh: '附件不存在', en: 'no such evidence file' },
  too_many_attachments: {
    zh: '每份申报最多附 {max} 个文件',
    en: 'an application carries at most {max} files',
  },
  duplicate_attachment: { zh: '同一文件不能重复添加', en: 'a file is attached twice' },
  attachment_not_found: { zh: '附件不存在，请重新上传', en: 'no such uploaded file' },
  attachment_not_yours: {
    zh: '只能添加本人上传的文件',
    en: 'a file uploaded by someone else cannot be attached',
  },
  attachment_erased: {
    zh: '该附件已随上传人的个人信息依法删除，无法再查看或添加',
    en: 'this file was erased with its uploader’s personal data',
  },
  not_an_attachment: { zh: '该申报中没有此附件', en: 'the application carries no such file' },
  attachment_damaged: {
    zh: '该附件的存储内容与上传时的校验值不符，已停止提供下载，请联系管理员从备份恢复',
    en: 'the stored file does not match the SHA-256 recorded at upload; an administrator must restore it',
  },
};

/** How the codes a member carries read in each language, by the member's name. */
const TIERS: Record<string, ProblemMessage> = {
  new: { zh: '新教师', en: 'new teacher' },
  young: { zh: '青年教师', en: 'young teacher' },
  backbone: { zh: '骨干教师', en: 'backbone teacher' },
  leader: { zh: '学科带头人', en: 'subject leader' },
  master: { zh: '名优教师', en: 'master teacher' },
};
const ROLES: Record<string, ProblemMessage> = {
  teacher: { zh: '教师', en: 'teacher' },
  mentor: { zh: '导师', en: 'mentor' },
  reviewer: { zh: '评审专家', en: 'reviewer' },
  chair: { zh: '评审组长', en: 'chair' },
  admin: { zh: '管理员', en: 'admin' },
};
const ORG_LEVELS: Record<string, ProblemMessage> = {
  province: { zh: '省级单位', en: 'province' },
  city: { zh: '市级单位', en: 'city' },
  district: { zh: '区县级单位', en: 'district' },
  school: { zh: '学校', en: 'school' },
};
const GRADES: Record<string, ProblemMessage> = {
  excellent: { zh: '优秀', en: 'excellent' },
  good: { zh: '良好', en: 'good' },
  qualified: { zh: '合格', en: 'qualified' },
  unqualified: { zh: '不合格', en: 'unqualified' },
};
const RUBRIC: Record<string, ProblemMessage> = {
  ethics: { zh: '师德素养', en: 'ethics' },
  classroom: { zh: '课堂达标', en: 'classroom standard' },
  subject: { zh: '学科素养', en: 'subject literacy' },
  results: { zh: '教学业绩', en: 'teaching results' },
  research: { zh: '教研能力', en: 'research ability' },
};

export const VALUE_LABELS: Record<string, Record<string, ProblemMessage>> = {
  requiredRoles: ROLES,
  currentTier: TIERS,
  targetTier: TIERS,
  nextTier: TIERS,
  expectedLevel: ORG_LEVELS,
  grade: GRADES,
  result: { pass: { zh: '合格', en: 'pass' }, fail: { zh: '不合格', en: 'fail' } },
  conflicts: {
    same_school: { zh: '同校', en: 'same school' },
    mentor_or_mentee: { zh: '师徒关系', en: 'mentor or mentee' },
    same_studio: { zh: '同一工作室', en: 'same studio' },
    own_application: { zh: '本人申报', en: 'own application' },
  },
  missing: RUBRIC,
  unexpected: RUBRIC,
  jobState: {
    delayed: { zh: '定时中', en: 'delayed' },
    waiting: { zh: '等待执行', en: 'waiting' },
    active: { zh: '执行中', en: 'running' },
    completed: { zh: '已完成', en: 'completed' },
    failed: { zh: '失败', en: 'failed' },
    prioritized: { zh: '等待执行', en: 'waiting' },
  },
};

/**
 * An unmet promotion requirement (libs/ladder eligibility `Requirement`), by its key: `{current}`,
 * `{required}`, `{missing}` (required − current) and `{until}` come from the requirement.
 */
export const REQUIREMENT_MESSAGES: Record<string, ProblemMessage> = {
  training_hours: {
    zh: '培训学时 {current}/{required}（还差 {missing} 学时）',
    en: 'training hours {current} of {required} ({missing} to go)',
  },
  mentorship: {
    zh: '导师带教（学年，已签署）{current}/{required}',
    en: 'school years with a mentor, signed off: {current} of {required}',
  },
  ethics_ban: { zh: '师德考核限制期未满（至 {until}）', en: 'an ethics ban is in force until {until}' },
  target_tier: {
    zh: '须逐级进阶：下一层级为{required}，不能申报{current}',
    en: 'promotions go one tier at a time: the next tier is {required}, not {current}',
  },
  annual_hours: {
    zh: '本学年学时 {current}/{required}',
    en: 'hours this school year {current} of {required}',
  },
  ethics_study: {
    zh: '本学期师德师风学习 {current}/{required} 学时',
    en: 'ethics study this semester {current} of {required} hours',
  },
  training_cycle: {
    zh: '五年周期学时 {current}/{required}',
    en: 'hours in the training cycle {current} of {required}',
  },
  committee_selection: { zh: '须经评审委员会遴选', en: 'selection by a review committee' },
};

/** class-validator constraints the DTOs use; `{0}`, `{1}` are the constraint's arguments. */
export const VALIDATION_MESSAGES: Record<string, ProblemMessage> = {
  isDefined: { zh: '必须填写', en: 'is required' },
  isString: { zh: '须为文本', en: 'must be a string' },
  isLength: { zh: '长度须在 {0} 到 {1} 个字符之间', en: 'must be {0} to {1} characters long' },
  minLength: { zh: '长度不能少于 {0} 个字符', en: 'must be at least {0} characters long' },
  maxLength: { zh: '长度不能超过 {0} 个字符', en: 'must be at most {0} characters long' },
  matches: { zh: '格式不正确', en: 'is not in the expected format' },
  isIn: { zh: '须为以下之一：{0}', en: 'must be one of {0}' },
  isEnum: { zh: '须为以下之一：{0}', en: 'must be one of {0}' },
  isInt: { zh: '须为整数', en: 'must be a whole number' },
  isNumber: { zh: '须为数字', en: 'must be a number' },
  min: { zh: '不能小于 {0}', en: 'must not be less than {0}' },
  max: { zh: '不能大于 {0}', en: 'must not be greater than {0}' },
  isISO8601: {
    zh: '须为有效的日期或时间（如 2026-09-01 或 2026-09-01T08:00:00+08:00）',
    en: 'must be an ISO 8601 date or time',
  },
  isUuid: { zh: '须为有效的编号（UUID）', en: 'must be a UUID' },
  isArray: { zh: '须为列表', en: 'must be a list' },
  arrayMinSize: { zh: '至少需要 {0} 项', en: 'must have at least {0} entries' },
  arrayMaxSize: { zh: '最多 {0} 项', en: 'must have at most {0} entries' },
  arrayUnique: { zh: '不能有重复项', en: 'must not repeat an entry' },
  isObject: { zh: '须为对象', en: 'must be an object' },
  isBoolean: { zh: '须为 true 或 false', en: 'must be true or false' },
  isNotEmpty: { zh: '不能为空', en: 'must not be empty' },
  isEmail: { zh: '须为邮箱地址', en: 'must be an email address' },
  nestedValidation: { zh: '须为对象或列表', en: 'must be an object or a list' },
  whitelistValidation: { zh: '不允许的字段', en: 'is not an accepted field' },
  unknownValue: { zh: '请求内容无法识别', en: 'the body could not be read' },
  // application.dto.ts SubmitReviewDto: one 0–100 score per rubric dimension.
  scoreMap: { zh: '评分须为各评分项 0–100 之间的分数', en: 'must map rubric dimensions to 0–100' },
};

/** Prefix of a constraint applied to each entry of a list (`{ each: true }`). */
export const EACH_PREFIX: ProblemMessage = { zh: '每一项', en: 'each entry ' };

/**
 * The fixed English texts of the HTTP layer: 4xx messages thrown by guards and controllers, custom
 * validation messages of the DTOs and the policy's own checks. Tried in order; `(?<field>…)` names the
 * field or parameter (a detail says it, an entry of `errors[]` already has it), other named groups fill
 * `{name}` (through VALUE_LABELS when the group's name is there, through THING_LABELS for `{thing}`).
 */
export const TEXT_MESSAGES: { pattern: RegExp; zh: string }[] = [
  // 401: the guard and the login
  { pattern: /^sign in first\b/, zh: '请先登录' },
  { pattern: /^the access token has expired/, zh: '登录已过期，请重新登录' },
  { pattern: /^the access token is not valid yet/, zh: '登录凭据尚未生效，请检查设备时间后重新登录' },
  { pattern: /^the access token is not valid/, zh: '登录凭据无效，请重新登录' },
  { pattern: /^wrong username or password$/, zh: '用户名或密码错误' },
  { pattern: /^too many failed sign-in attempts/, zh: '登录失败次数过多，请 {minutes} 分钟后再试' },
  // evidence.dto.ts: the name of an uploaded file
  { pattern: /^name must not contain control characters$/, zh: '文件名不能包含控制字符' },
  // 403 from controllers
  { pattern: /^this needs the (?<requiredRoles>\w+) role$/, zh: '此操作需要{requiredRoles}角色' },
  { pattern: /^this call belongs to another org unit$/, zh: '该申报通知属于其他单位' },
  {
    pattern: /^you may open calls only for your org unit and below$/,
    zh: '只能为本单位及下级单位发布申报通知',
  },
  { pattern: /^you may not read this application$/, zh: '您无权查看该申报' },
  {
    pattern: /^policy is published by the city or province office$/,
    zh: '政策只能由市级或省级教师发展中心发布',
  },
  {
    pattern: /^only an office lists studios/,
    zh: '只有教师发展中心可以查看全部工作室；查看本人的工作室请使用 ?mine=1',
  },
  {
    pattern: /^only an office lists mentorships/,
    zh: '只有教师发展中心可以查看全部结对；查看本人的结对请使用 ?mine=1',
  },
  {
    pattern: /^only the pair and the office of their org unit see a mentorship$/,
    zh: '只有结对双方及其所在单位的教师发展中心可以查看该结对',
  },
  {
    pattern: /^only the teacher or an office over the teacher's org unit may see this$/,
    zh: '只有教师本人或其所在单位的教师发展中心可以查看',
  },
  { pattern: /^this studio belongs to an org unit you do not see$/, zh: '该工作室不在您的查看范围内' },
  { pattern: /^this org unit is outside yours$/, zh: '超出本单位管辖范围' },
  { pattern: /^this \w+ belongs to an org unit outside yours$/, zh: '超出本单位管辖范围' },
  {
    pattern: /^only the office.s own admins submit its summary$/,
    zh: '年度培训工作总结只能由本单位管理员报送',
  },
  {
    pattern: /^jobs are retried by the city or province office$/,
    zh: '失败任务只能由市级或省级教师发展中心的管理员重试',
  },
  {
    pattern: /^the job is no longer failed/,
    zh: '该任务已不是失败状态，可能已被他人重试，请刷新后查看',
  },
  // 404
  {
    pattern:
      /^no (?<thing>application|call|user|org unit|mentorship|studio|teacher|ladder record for teacher|[a-z]+) \S+$/,
    zh: '{thing}不存在',
  },
  { pattern: /^no policy version (?<version>\S+)$/, zh: '政策版本 {version} 不存在' },
  { pattern: /^no (?<queue>\S+) job (?<job>\S+)$/, zh: '任务不存在，或已不在您的管辖范围内' },
  { pattern: /^Cannot (?<method>\S+) (?<path>\S+)$/, zh: '请求的接口不存在：{method} {path}' },
  { pattern: /^Route (?<method>[A-Z]+):(?<path>\S+) not found$/, zh: '请求的接口不存在：{method} {path}' },
  // 422 from controllers
  {
    pattern: /^a (?<expectedLevel>\w+) does not submit an annual summary$/,
    zh: '{expectedLevel}不报送年度培训工作总结',
  },
  // 400: headers and query parameters
  {
    pattern: /^(?<field>X-Min-Position) must be a position this API gave out/,
    zh: '须为本接口返回的日志位置（X-Log-Position），如 1234.56',
  },
  {
    pattern: /^(?<field>X-Min-Position) \S+ is past the end of the log( \((?<head>\S+)\))?/,
    zh: '超出了日志末尾：请发送本接口返回的日志位置',
  },
  // 400: text PostgreSQL cannot store (text-guard.ts)
  {
    pattern: /^the name of (?<field>\S+) must not contain the NUL character/,
    zh: '字段名不能包含 NUL 字符（U+0000）',
  },
  { pattern: /^(?<field>\S+) must not contain the NUL character/, zh: '不能包含 NUL 字符（U+0000）' },
  {
    pattern: /^the name of (?<field>\S+) must be well-formed Unicode text/,
    zh: '字段名须为有效的 Unicode 文本（含有孤立的代理字符）',
  },
  {
    pattern: /^(?<field>\S+) must be well-formed Unicode text/,
    zh: '须为有效的 Unicode 文本（含有孤立的代理字符）',
  },
  // 401 from /metrics (metrics.controller.ts)
  {
    pattern: /^metrics are read from the addresses in METRICS_ALLOW/,
    zh: '监控指标只能从 METRICS_ALLOW 所列地址读取，或使用管理员的访问令牌',
  },
  // 404 from the web app's files
  { pattern: /^no such file: (?<path>\S+)$/, zh: '文件不存在：{path}' },
  { pattern: /^the web app is not built here/, zh: '此处尚未构建网页端：请运行 npm run build 后重启' },
  {
    pattern: /^(?<field>Idempotency-Key) must be 8-100 characters/,
    zh: '须为 8–100 个字母、数字或 . _ : - 字符',
  },
  { pattern: /^(?<field>If-Match) must be an ETag this API gave out/, zh: '须为本接口返回的 ETag，如 "3"' },
  {
    pattern: /^(?<field>\S+) must be a whole number from (?<min>\d+) to (?<max>\d+)$/,
    zh: '须为 {min} 到 {max} 之间的整数',
  },
  { pattern: /^(?<field>\S+) must be from (?<min>\d+) to (?<max>\d+)$/, zh: '须在 {min} 到 {max} 之间' },
  { pattern: /^(?<field>\S+) must be a whole number$/, zh: '须为整数' },
  { pattern: /^(?<field>\S+) must be a four-digit year$/, zh: '须为四位数的年份' },
  { pattern: /^(?<field>\S+) must be one of (?<values>.+)$/, zh: '须为以下之一：{values}' },
  { pattern: /^each (?<field>\S+) must be one of (?<values>.+)$/, zh: '每一项须为以下之一：{values}' },
  { pattern: /^from must not be after to$/, zh: '开始时间不能晚于结束时间' },
  { pattern: /^give exactly one of at or position$/, zh: 'at 与 position 须且只能填写一项' },
  { pattern: /^give exactly one of memberId or username$/, zh: 'memberId 与 username 须且只能填写一项' },
  { pattern: /^(?<field>username) names no user$/, zh: '没有使用此账号的用户' },
  { pattern: /^(?<field>username) must be 1-64 characters$/, zh: '须为 1–64 个字符' },
  { pattern: /^(?<field>\S+) must be 1 or true$/, zh: '须为 1 或 true' },
  // custom messages of the DTOs and controllers' field checks
  { pattern: /^(?<field>\S+) must not be blank$/, zh: '不能为空' },
  { pattern: /^(?<field>\S+) must be a date like (?<example>\S+)$/, zh: '须为日期，格式如 {example}' },
  { pattern: /^(?<field>\S+) must be a real calendar date$/, zh: '须为真实存在的日期' },
  { pattern: /^(?<field>\S+) must look like (?<example>\S+)$/, zh: '格式应如 {example}' },
  { pattern: /^(?<field>\S+) must be a UUID$/, zh: '须为有效的编号（UUID）' },
  { pattern: /^(?<field>schoolYear) must not be after the current school year/, zh: '所选学年尚未开始' },
  {
    pattern: /^(?<field>\S+) must be an? (?<thing>application|user|org unit|teacher|entity) id\b/,
    zh: '须为有效的{thing}编号',
  },
  {
    pattern: /^(?<field>username) must be 3–32 characters/,
    zh: '须为 3–32 个字符，由字母、数字、点、短横线或下划线组成，并以字母开头',
  },
  { pattern: /^(?<field>phone) must be digits, spaces or dashes/, zh: '须为数字、空格或短横线，可以 + 开头' },
  { pattern: /^(?<field>email) must be an email address$/, zh: '须为邮箱地址' },
  { pattern: /^(?<field>idCardNumber) must be 17 digits/, zh: '须为 17 位数字加 1 位校验码（数字或 X）' },
  { pattern: /^(?<field>eventType) must be up to 20 event types/, zh: '最多 20 个事件类型，以英文逗号分隔' },
  { pattern: /^(?<field>from|to) must be a policy version$/, zh: '须为政策版本号，如 default-1' },
  { pattern: /^(?<field>cursor) must be a nextCursor this API gave out$/, zh: '须为上一页返回的 nextCursor' },
  { pattern: /^(?<field>scores) must map rubric dimensions/, zh: '评分须为各评分项 0–100 之间的分数' },
  // the policy's shape (policies.controller.ts shapeProblems) and numbers (libs/policy policyProblems)
  { pattern: /^(?<field>\S+) must be a list$/, zh: '须为列表' },
  { pattern: /^(?<field>\S+) may have at most (?<max>\d+) entries$/, zh: '最多 {max} 项' },
  { pattern: /^(?<field>\S+) must be an object$/, zh: '须为对象' },
  { pattern: /^(?<field>\S+) should not exist$/, zh: '不允许的字段' },
  { pattern: /^property (?<field>\S+) should not exist$/, zh: '不允许的字段' },
  { pattern: /^(?<field>\S+) is required$/, zh: '必须填写' },
  { pattern: /^(?<field>\S+) must be a number$/, zh: '须为数字' },
  { pattern: /^(?<field>\S+) must be a string of 1-200 characters$/, zh: '须为 1–200 个字符的文本' },
  { pattern: /^(?<field>\S+) must be true or false$/, zh: '须为 true 或 false' },
  { pattern: /^version must be 1–64 letters/, zh: '版本号须为 1–64 个字母、数字、点、短横线或下划线' },
  { pattern: /^the rubric needs at least one dimension$/, zh: '评分细则至少需要一个评分项' },
  { pattern: /^rubric dimension keys must be unique$/, zh: '评分项的代码不能重复' },
  { pattern: /^reviewQuorum must be a whole number/, zh: '最低评审人数须为不小于 1 的整数' },
  { pattern: /^due days must be whole numbers/, zh: '评审和修改期限（天）须为不小于 1 的整数' },
  { pattern: /^grade thresholds must descend/, zh: '等次分数线须依次递减：100 ≥ 优秀 > 良好 > 合格 ≥ 0' },
  { pattern: /^performance weights must be four/, zh: '绩效评估的四项权重须为非负数，且合计为 1' },
  { pattern: /^the ladder numbers are missing$/, zh: '缺少进阶体系的各项数值' },
  { pattern: /^every tier needs training hours/, zh: '每个层级的培训学时须不小于 0' },
  { pattern: /^a higher tier cannot ask for fewer training hours/, zh: '较高层级的学时要求不能低于下一层级' },
  { pattern: /^annual hours must be/, zh: '每学年学时须不小于 0' },
  { pattern: /^ethics study hours must be/, zh: '师德师风学习学时须不小于 0' },
  { pattern: /^the training cycle needs/, zh: '培训周期须为不小于 1 的整学年，学时不小于 0' },
  { pattern: /^credit split shares must be/, zh: '学分结构各级占比须不小于 0' },
  { pattern: /^the credit split must sum to 100/, zh: '学分结构各级占比合计须为 100' },
  { pattern: /^credits per hour must be/, zh: '每学时折算学分须大于 0 且不超过 10' },
  { pattern: /^the ethics ban must be whole years/, zh: '师德考核不合格的限制期须为不小于 0 的整年' },
  { pattern: /^consecutive fails for removal must be/, zh: '触发调离岗位预警的连续不合格次数须不小于 1' },
  { pattern: /^a mentorship lasts at least one whole school year$/, zh: '导师带教至少为一个完整学年' },
  { pattern: /^the mentor load limit must be/, zh: '导师带教人数上限须为不小于 1 的整数' },
  // bulk imports (UI.md §1.10): the uploaded file as a whole
  { pattern: /^file: the file is larger than (?<mb>\d+) MB$/, zh: '文件不能超过 {mb} MB' },
  { pattern: /^file: send the \.xlsx or \.csv file itself/, zh: '请上传 .xlsx 或 .csv 文件' },
  { pattern: /^the file is empty$/, zh: '文件是空的' },
  {
    pattern: /^the file has no header row of the template$/,
    zh: '文件中没有模板的表头行，请使用下载的模板填写',
  },
  { pattern: /^the header row lacks the column\(s\) (?<columns>.+)$/, zh: '表头缺少必填列：{columns}' },
  {
    pattern: /^the file has more than (?<max>\d+) rows/,
    zh: '文件超过 {max} 行，请拆分为多个文件分别导入',
  },
  { pattern: /^the file has no rows below the header$/, zh: '表头下方没有数据行' },
  {
    pattern: /^the file is not a readable \.xlsx or \.csv file$/,
    zh: '无法读取该文件，请上传 .xlsx 或 .csv 文件',
  },
  { pattern: /^no import job /, zh: '导入任务不存在' },
  // 413, 415, bad JSON (Fastify), 503
  { pattern: /^the request body is larger than the server accepts$/, zh: '内容过长，请删减后再提交' },
  { pattern: /^send the body as application\/json$/, zh: '请以 application/json 格式提交' },
  { pattern: /^the JSON body is empty$/, zh: '请求内容为空' },
  { pattern: /^the path is not a valid URL: a %-escape is broken$/, zh: '请求地址无效：含有错误的转义字符' },
  { pattern: /^a path parameter is longer than any identifier$/, zh: '请求地址中的编号过长' },
  { pattern: /^the body is not valid JSON$/, zh: '请求内容不是有效的 JSON' },
  { pattern: /^the server is shutting down/, zh: '服务正在重启，请稍后重试' },
  { pattern: /^the read model has not caught up/, zh: '数据正在同步，请稍后重试' },
  { pattern: /^not ready: (?<down>.+) down$/, zh: '服务尚未就绪：{down} 不可用' },
];

/** `{thing}` of TEXT_MESSAGES. */
export const THING_LABELS: Record<string, string> = {
  application: '申报',
  call: '申报通知',
  user: '用户',
  'org unit': '组织机构',
  mentorship: '结对关系',
  studio: '工作室',
  teacher: '教师',
  'ladder record for teacher': '该教师的培训档案',
  entity: '对象',
};

/** The title of each status, and the detail when nothing more specific is known. */
export const STATUS_MESSAGES: Record<number, { title: ProblemMessage; detail: ProblemMessage }> = {
  400: {
    title: { zh: '请求有误', en: 'Bad request' },
    detail: { zh: '请求内容有误，请检查后重试', en: 'bad request' },
  },
  401: {
    title: { zh: '未登录', en: 'Unauthorized' },
    detail: { zh: '登录已过期，请重新登录', en: 'sign in first' },
  },
  403: {
    title: { zh: '没有权限', en: 'Forbidden' },
    detail: { zh: '您没有权限执行此操作', en: 'you may not do this' },
  },
  404: {
    title: { zh: '未找到', en: 'Not found' },
    detail: { zh: '页面不存在', en: 'not found' },
  },
  405: {
    title: { zh: '不支持的请求方法', en: 'Method not allowed' },
    detail: { zh: '该接口不支持此请求方法', en: 'this method is not allowed here' },
  },
  406: {
    title: { zh: '无法提供所需格式', en: 'Not acceptable' },
    detail: { zh: '无法按所要求的格式返回内容', en: 'no answer in an acceptable format' },
  },
  409: {
    title: { zh: '内容冲突', en: 'Conflict' },
    detail: {
      zh: '内容已被他人更新，请重新加载后再操作',
      en: 'someone else changed this resource at the same moment; read it again and retry',
    },
  },
  410: {
    title: { zh: '已删除', en: 'Gone' },
    detail: { zh: '该内容已被永久删除', en: 'this was removed for good' },
  },
  412: {
    title: { zh: '内容已更新', en: 'Precondition failed' },
    detail: {
      zh: '内容已被他人更新，请重新加载后再操作',
      en: 'the resource has changed since the version you sent',
    },
  },
  413: {
    title: { zh: '内容过长', en: 'Payload too large' },
    detail: { zh: '内容过长，请删减后再提交', en: 'the request body is larger than the server accepts' },
  },
  415: {
    title: { zh: '不支持的内容类型', en: 'Unsupported media type' },
    detail: { zh: '请以 application/json 格式提交', en: 'send the body as application/json' },
  },
  422: {
    title: { zh: '无法办理', en: 'Unprocessable content' },
    detail: { zh: '当前无法办理该操作', en: 'this cannot be done now' },
  },
  428: {
    title: { zh: '缺少版本号', en: 'Precondition required' },
    detail: { zh: '请重新加载后再操作', en: 'send the version you read in If-Match' },
  },
  429: {
    title: { zh: '请求过于频繁', en: 'Too many requests' },
    detail: { zh: '请求过于频繁，请稍后再试', en: 'too many requests: wait before trying again' },
  },
  500: {
    title: { zh: '服务暂时不可用', en: 'Internal server error' },
    detail: {
      zh: '服务暂时不可用，请稍后重试',
      en: 'an unexpected error occurred; it has been logged with the correlation id',
    },
  },
  501: {
    title: { zh: '功能不可用', en: 'Not implemented' },
    detail: { zh: '当前部署不提供此功能', en: 'this deployment does not offer this' },
  },
  503: {
    title: { zh: '服务暂时不可用', en: 'Service unavailable' },
    detail: { zh: '服务暂时不可用，请稍后重试', en: 'the service is unavailable; retry shortly' },
  },
};

/** A 429 whose words nobody translated: how long to wait, from Retry-After. */
export const RETRY_AFTER: Record<'signIn' | 'other', ProblemMessage> = {
  signIn: {
    zh: '登录失败次数过多，请 {minutes} 分钟后再试',
    en: 'too many failed sign-ins: wait {minutes} minutes',
  },
  other: { zh: '请求过于频繁，请 {minutes} 分钟后再试', en: 'too many requests: wait {minutes} minutes' },
};

/** The validation problem's title and detail (`{count}` problems — fields in Chinese — and `{fields}`). */
export const VALIDATION_PROBLEM: { title: ProblemMessage; detail: ProblemMessage } = {
  title: { zh: '填写有误', en: 'Invalid request' },
  detail: { zh: '有 {count} 处填写有误：{fields}', en: '{count} field(s) are invalid: {fields}' },
};
