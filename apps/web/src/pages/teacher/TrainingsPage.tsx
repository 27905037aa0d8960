import { Card, Col, Flex, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { api, unwrap } from '../../api/client';
import { ConfirmAction } from '../../components/ConfirmAction';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { useCommand } from '../../components/useCommand';
import { label, useI18n } from '../../i18n/locale';
import { useTrainingProjects } from '../chair/ProjectsPage';

/**
 * 培训项目 (DOMAIN.md stage 4 "run, enrol"): the approved training projects running within my reach,
 * with their level, hours, dates and places; 「报名参训」 enrols me. The hours come at completion, which
 * the project owner or an admin records, and then show on 我的成长路径.
 */
export default function TrainingsPage() {
  const { t, fmt } = useI18n();
  const q = useTrainingProjects();
  const enrol = useCommand<string>({
    run: (id, key) =>
      unwrap(
        api.POST('/api/applications/{id}/enrolments', {
          params: { path: { id }, header: { 'Idempotency-Key': key } },
          body: {},
        }),
      ),
    invalidate: [['training-projects']],
    successMessage: t.trainings.done,
  });

  if (q.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;

  return (
    <PageContainer title={t.trainings.title} subTitle={t.trainings.intro} refreshing={q.isFetching}>
      {q.data.length === 0 ? (
        <Card>
          <EmptyState description={t.trainings.empty} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {q.data.map((p) => (
            <Col key={p.id} xs={24} md={12} xl={8}>
              <Card
                title={<span title={p.title}>{p.title}</span>}
                data-testid={`training-${p.id}`}
                actions={[
                  p.enrolledByMe ? (
                    <Tag key="in" color="success">
                      {t.trainings.enrolled}
                    </Tag>
                  ) : p.ownProject ? (
                    <Typography.Text key="own" type="secondary">
                      {t.trainings.own}
                    </Typography.Text>
                  ) : p.full ? (
                    <Tag key="full">{t.trainings.full}</Tag>
                  ) : (
                    <ConfirmAction
                      key="enrol"
                      title={t.trainings.enrolTitle(p.title)}
                      content={t.trainings.enrolContent}
                      okText={t.trainings.confirmEnrol}
                      buttonProps={{ type: 'primary' }}
                      onConfirm={() => enrol.mutateAsync(p.id)}
                    >
                      {t.trainings.enrol}
                    </ConfirmAction>
                  ),
                ]}
              >
                <Flex vertical gap={6}>
                  <Space wrap>
                    <Tag color="blue">{label(t.levels, p.level)}</Tag>
                    <Tag>{label(t.tiers, p.targetTier)}</Tag>
                    <Typography.Text>{p.subject}</Typography.Text>
                  </Space>
                  <Typography.Text>{t.units.hours(fmt.hours(p.hours))}</Typography.Text>
                  <Typography.Text type="secondary">
                    {t.trainings.dates(fmt.date(p.startsOn), fmt.date(p.endsOn))}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {t.trainings.places(p.enrolled, p.capacity)}
                  </Typography.Text>
                </Flex>
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </PageContainer>
  );
}
