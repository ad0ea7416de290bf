export function NoticeBar({ level, text }: { readonly level: 'info' | 'warning' | 'error'; readonly text: string }) {
  return (
    <div className={`notice notice-${level}`} role={level === 'error' ? 'alert' : 'status'}>
      {text}
    </div>
  );
}
