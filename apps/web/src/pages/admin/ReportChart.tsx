import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Canvas: unit names are shortened on the axis to fit, and a shortened name drawn as SVG text would read
// as a stray word to assistive technology; the chart is one image with its label, the table has the figures.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface BarSeries {
  name: string;
  data: number[];
  color?: string;
  stack?: string;
}

/**
 * The chart above a report's table (UI.md §5 统计报表): bars per unit (or per level), grouped or
 * stacked. Loaded only with the reports page, so the sign-in page never carries ECharts.
 */
export default function ReportChart(props: {
  label: string;
  categories: string[];
  series: BarSeries[];
  percent?: boolean;
  height?: number;
}) {
  const el = useRef<HTMLDivElement>(null);
  const { categories, series, percent, label } = props;
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: categories,
        axisLabel: { interval: 0, width: 90, overflow: 'truncate' },
      },
      yAxis: {
        type: 'value',
        minInterval: percent ? undefined : 1,
        ...(percent ? { max: 100, axisLabel: { formatter: '{value}%' } } : {}),
      },
      series: series.map((s) => ({
        name: s.name,
        type: 'bar',
        data: s.data,
        stack: s.stack,
        barMaxWidth: 36,
        ...(s.color ? { itemStyle: { color: s.color } } : {}),
        label: s.stack ? undefined : { show: true, position: 'top', formatter: percent ? '{c}%' : '{c}' },
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [categories, series, percent]);
  return (
    <div ref={el} style={{ width: '100%', height: props.height ?? 280 }} role="img" aria-label={label} />
  );
}
