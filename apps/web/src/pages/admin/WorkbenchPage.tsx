import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { ErrorResult } from '../../components/ErrorResult';
import { PageContainer } from '../../components/PageContainer';
import { beijing } from '../../i18n/format';
import { label, useI18n } from '../../i18n/locale';
import { useOrgUnits } from '../chair/committee-api';
import { saveBlob, useDashboard, type Dashboard } from './reports-api';
import { UnitTreeSelect } from './UnitTreeSelect';

const TIERS = ['new', 'young', 'backbone', 'leader', 'master'] as const;
type Shortfall = Dashboard['annualHoursShortfalls'][number];
type Ban = Dashboard['bansInForce'][number];

/**
 * 工作台 (UI.md §5), the admin's home: for the chosen unit and below, the teachers per tier, who is short
 * of this school year's hours (largest gap first), who is under an ethics ban or flagged for removal
 * (seed 002 (一)3), and the way to the overdue steps. 「导出」 saves both lists as .xlsx.
 */
export default function WorkbenchPage() {
  const { t, fmt } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const units = useOrgUnits();
  const unit = params.get('unit') ?? me.orgUnit;
  const dashboard = useDashboard(unit);
  const [exporting, setExporting] = useState(false);
  const unitName = new Map((units.data ?? []).map((u) => [u.id, u.name]));

  const exportXlsx = async (d: Dashboard) => {
    setExporting(true);
    try {
      // Loaded on the click only: the spreadsheet writer is large and only this button needs it.
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      const short = wb.addWorksheet(t.workbench.shortfalls);
      short.columns = [
        { header: t.workbench.name, width: 16 },
        { header: t.workbench.orgUnit, width: 28 },
        { header: t.workbench.hours, width: 12 },
        { header: t.workbench.gap, width: 10 },
      ];
      for (const r of d.annualHoursShortfalls)
        short.addRow([r.name ?? '', r.orgUnitName ?? unitName.get(r.orgUnit) ?? '', r.hours, r.missing]);
      const bans = wb.addWorksheet(t.workbench.bans.replace(/\s*\/\s*/g, '、'));
      bans.columns = [
        { header: t.workbench.name, width: 16 },
        { header: t.workbench.orgUnit, width: 28 },
        { header: `${t.workbench.banEndsAt}${t.common.beijingTime}`, width: 22 },
        { header: t.workbench.flag, width: 16 },
      ];
      for (const r of d.bansInForce)
        bans.addRow([
          r.name ?? '',
          r.orgUnitName ?? '',
          r.banEndsAt ? fmt.date(r.banEndsAt) : '',
          r.flaggedForRemoval ? t.workbench.flagged : t.workbench.inBan,
        ]);
      const buffer = await wb.xlsx.writeBuffer();
      saveBlob(
        new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
        `${t.workbench.title}_${beijing(new Date()).format('YYYYMMDD-HHmm')}.xlsx`,
      );
    } finally {
      setExporting(false);
    }
  };

  if (dashboard.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (dashboard.isError)
    return <ErrorResult error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  const d = dashboard.data;
  const pager = (n: number) =>
    n > 20 ? { pageSize: 20, showTotal: t.common.total, showSizeChanger: true } : false;

  return (
    <PageContainer
      title={t.workbench.title}
      refreshing={dashboard.isFetching}
      extra={
        <Button
          type="primary"
          icon={<DownloadOutlined />}
          loading={exporting}
          onClick={() => void exportXlsx(d)}
          data-testid="workbench-export"
        >
          {t.workbench.export}
        </Button>
      }
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex wrap gap={12} align="center">
          <Typography.Text>{t.workbench.unit}</Typography.Text>
          <UnitTreeSelect
            units={units.data ?? []}
            value={units.data ? unit : undefined}
            onChange={(id) => setParams({ unit: id })}
            label={t.workbench.unit}
          />
          <Space wrap style={{ marginLeft: 'auto' }}>
            <Typography.Text type="secondary">{t.workbench.shortcuts}</Typography.Text>
            <Link to={`/admin/reports?tab=overdue&unit=${unit}`}>{t.workbench.overdueItems}</Link>
            <Link to={`/admin/reports?unit=${unit}`}>{t.workbench.reports}</Link>
            <Link to="/chair/board?overdue=1">{t.workbench.board}</Link>
          </Space>
        </Flex>
      </Card>
      <Flex wrap gap={12} style={{ marginBottom: 16 }}>
        {TIERS.map((tier) => (
          <Card key={tier} size="small" style={{ flex: '1 1 150px' }}>
            <Statistic
              title={label(t.tiers, tier)}
              value={d.teachersPerTier[tier] ?? 0}
              data-testid={`tier-${tier}`}
            />
          </Card>
        ))}
      </Flex>
      <Card size="small" title={t.workbench.shortfalls} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">
          {t.workbench.shortfallsHint(d.schoolYear, d.annualHoursRequired)}
        </Typography.Paragraph>
        <Table<Shortfall>
          rowKey="teacherId"
          dataSource={d.annualHoursShortfalls}
          pagination={pager(d.annualHoursShortfalls.length)}
          size="small"
          scroll={{ x: 600 }}
          locale={{ emptyText: <EmptyState description={t.workbench.emptyShortfalls} /> }}
          columns={[
            {
              key: 'name',
              title: t.workbench.name,
              fixed: 'left',
              width: 150,
              render: (_, r) => r.name ?? '—',
            },
            {
              key: 'unit',
              title: t.workbench.orgUnit,
              width: 260,
              render: (_, r) => r.orgUnitName ?? unitName.get(r.orgUnit) ?? '—',
            },
            { key: 'hours', title: t.workbench.hours, align: 'right', render: (_, r) => fmt.hours(r.hours) },
            {
              key: 'gap',
              title: t.workbench.gap,
              align: 'right',
              render: (_, r) => <Typography.Text type="danger">{fmt.hours(r.missing)}</Typography.Text>,
            },
          ]}
        />
        {d.annualHoursShortfalls.length >= 500 ? (
          <Typography.Text type="secondary">{t.workbench.capped}</Typography.Text>
        ) : null}
      </Card>
      <Card size="small" title={t.workbench.bans}>
        <Table<Ban>
          rowKey="teacherId"
          dataSource={d.bansInForce}
          pagination={pager(d.bansInForce.length)}
          size="small"
          scroll={{ x: 600 }}
          locale={{ emptyText: <EmptyState description={t.workbench.emptyBans} /> }}
          columns={[
            {
              key: 'name',
              title: t.workbench.name,
              fixed: 'left',
              width: 150,
              render: (_, r) => r.name ?? '—',
            },
            { key: 'unit', title: t.workbench.orgUnit, width: 260, render: (_, r) => r.orgUnitName ?? '—' },
            {
              key: 'until',
              title: t.workbench.banEndsAt,
              render: (_, r) => (r.banEndsAt ? fmt.date(r.banEndsAt) : '—'),
            },
            {
              key: 'flag',
              title: t.workbench.flag,
              render: (_, r) => (
                <Space size={4} wrap>
                  {r.banEndsAt ? <Tag color="error">{t.workbench.inBan}</Tag> : null}
                  {r.flaggedForRemoval ? <Tag color="error">{t.workbench.flagged}</Tag> : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
