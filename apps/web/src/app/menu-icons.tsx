import {
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  ClusterOutlined,
  CrownOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  IdcardOutlined,
  NotificationOutlined,
  ProjectOutlined,
  RiseOutlined,
  ScheduleOutlined,
  SettingOutlined,
  SolutionOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

/**
 * The side menu's icons, by name. Kept apart from the route table so that the sign-in page, which needs
 * the table to know where to go, does not carry the icons only the signed-in menu shows.
 */
export const MENU_ICONS = {
  Appstore: <AppstoreOutlined />,
  Audit: <AuditOutlined />,
  Bank: <BankOutlined />,
  BarChart: <BarChartOutlined />,
  Bell: <BellOutlined />,
  Calendar: <CalendarOutlined />,
  Cluster: <ClusterOutlined />,
  Crown: <CrownOutlined />,
  Dashboard: <DashboardOutlined />,
  FileDone: <FileDoneOutlined />,
  FileText: <FileTextOutlined />,
  Idcard: <IdcardOutlined />,
  Notification: <NotificationOutlined />,
  Project: <ProjectOutlined />,
  Rise: <RiseOutlined />,
  Schedule: <ScheduleOutlined />,
  Setting: <SettingOutlined />,
  Solution: <SolutionOutlined />,
  Team: <TeamOutlined />,
  UnorderedList: <UnorderedListOutlined />,
  User: <UserOutlined />,
} satisfies Record<string, ReactNode>;

export type MenuIcon = keyof typeof MENU_ICONS;
