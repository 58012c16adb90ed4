// The HTML report's one style sheet: screen, phone and print. Its hash goes into the page's CSP.

// State colours: red for live (act), amber and grey for "could not see", purple for a legal
// block, greens and teal for the ways content goes; told apart by name in legends and tooltips
// too, not by colour alone.
const STATES = `
.st-live{fill:#c8312b;background-color:#c8312b}
.st-removed{fill:#2e7d32;background-color:#2e7d32}
.st-soft-removed{fill:#7cb668;background-color:#7cb668}
.st-redirected{fill:#2a9d8f;background-color:#2a9d8f}
.st-legal-block{fill:#7b5ea7;background-color:#7b5ea7}
.st-blocked{fill:#ee9a1b;background-color:#ee9a1b}
.st-unreachable{fill:#8a8a8a;background-color:#8a8a8a}
.st-unchecked{fill:#d8d8d8;background-color:#d8d8d8}
`;

export const REPORT_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1d1d1f;background:#fff}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.6rem;margin:1rem 0 .25rem}
h2{font-size:1.3rem;margin:2rem 0 .5rem;padding-top:.75rem;border-top:2px solid #1d1d1f}
h3{font-size:1.1rem;margin:1.5rem 0 .5rem}
h4{font-size:1rem;font-weight:600;margin:0 0 .4rem;line-height:1.6}
code{font:13px/1.4 ui-monospace,"SF Mono",Menlo,Consolas,monospace}
code.u,code.h,dd{overflow-wrap:anywhere;word-break:break-word}
.meta{color:#555;margin:.25rem 0;overflow-wrap:anywhere}
.meta .bad{color:#b00020;font-weight:700}
.warn{border-left:4px solid #c8312b;background:#fbeeee;padding:.5rem .75rem;margin:.75rem 0}
.minor{border-left:4px solid #7b5ea7;background:#f3effa;padding:.5rem .75rem}
.empty{color:#555;font-style:italic}
.re{color:#b00020}
figure{margin:1rem 0}
figcaption{color:#555;font-size:.85rem}
svg.chart{display:block;width:100%;height:auto;max-width:48rem}
svg.chart text{font-size:11px;fill:#333;font-family:system-ui,sans-serif}
svg.chart .axis{stroke:#555;stroke-width:1}
svg.chart .mk-sent{fill:#1d1d1f}
svg.chart .mk-reappeared{fill:#c8312b}
svg.chart .mk-deadline{stroke:#1d1d1f;stroke-width:1.5;stroke-dasharray:3 2}
svg.chart .mk-now{stroke:#1d1d1f;stroke-width:1}
svg.chart .bar-median{fill:#2e5c8a}
svg.chart .whisker{stroke:#2e5c8a;stroke-width:2}
svg.ttr text.lb{font-size:14px;font-weight:600}
${STATES}
.legend{list-style:none;padding:0;margin:.5rem 0 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.85rem}
.legend li{display:flex;align-items:center;gap:.35rem}
.sw{display:inline-block;width:.9rem;height:.9rem;border-radius:2px}
.mark{display:inline-block;width:.9rem;text-align:center}
.badge{display:inline-block;padding:0 .4rem;border-radius:3px;color:#fff;font-size:.8rem;font-weight:600;vertical-align:1px}
.badge.st-unchecked,.badge.st-soft-removed,.badge.st-blocked{color:#1d1d1f}
article.url{border:1px solid #ddd;border-radius:6px;padding:.75rem;margin:.75rem 0}
article.url.inactive{opacity:.75}
article.url .n{color:#555}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .75rem;margin:.5rem 0 0}
dt{font-weight:600;color:#444}
dd{margin:0}
dd ul{margin:0;padding-left:1.1rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;font-size:.9rem;min-width:100%}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4;white-space:nowrap}
td:first-child{min-width:7rem}
td.num,th.num{text-align:right}
footer{color:#555;font-size:.85rem;margin-top:2rem;padding-bottom:2rem}
@media (max-width:640px){
body{font-size:16px}
header,main,footer{padding:0 .75rem}
svg.chart text{font-size:19px}
svg.ttr text.lb{font-size:24px}
svg.ttr text.ax{font-size:21px}
dl{grid-template-columns:1fr}
dt{margin-top:.3rem}
article.url{padding:.6rem}
}
@media print{
@page{margin:14mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:10pt;color:#000}
header,main,footer{max-width:none;padding:0}
h2{break-after:avoid}
h3,h4{break-after:avoid}
section.case+section.case,section.summary+section.case{break-before:page}
article.url,figure,tr{break-inside:avoid}
.scroll{overflow:visible}
table{font-size:8.5pt}
svg.chart{max-width:100%}
svg.chart.states,svg.chart.ttr{max-width:150mm}
}
`;
