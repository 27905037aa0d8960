import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { Progression } from '../../../api/types';
import { label, useI18n } from '../../../i18n/locale';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/**
 * The teacher's credits by level against the target split 10/20/20/50 (seed 000 §六(二)): two bars per
 * level, the actual share beside the target, so each gap is visible at a glance.
 */
export default function CreditSplitChart({ split }: { split: Progression['creditSplit'] }) {
  const { t, fmt } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => t.units.percent(fmt.percent(v)) },
      legend: { top: 0 },
      // Room above the plot for a full bar's "100%" label, clear of the legend.
      grid: { left: 40, right: 16, top: 56, bottom: 28 },
      xAxis: { type: 'category', data: split.levels.map((l) => label(t.levels, l.level)) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t.progression.creditShare,
          type: 'bar',
          data: split.levels.map((l) => l.share),
          itemStyle: { color: '#1677ff' },
          label: { show: true, position: 'top', formatter: '{c}%' },
        },
        {
          name: t.progression.creditTarget,
          type: 'bar',
          data: split.levels.map((l) => l.target),
          itemStyle: { color: '#d9d9d9' },
          label: { show: true, position: 'top', formatter: '{c}%' },
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [split, t, fmt]);
  return (
    <div ref={el} style={{ width: '100%', height: 280 }} role="img" aria-label={t.progression.creditSplit} />
  );
}
