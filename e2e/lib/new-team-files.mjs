// The files a new team brings, for the new-team walk (tests/new-team.test.mjs): a roster of five,
// and two helpdesk exports of the last three complete ISO weeks. "Acme Desk" is a helpdesk rungs
// ships no mapping for (semicolons, local times without a zone, status intervals with an end,
// a bot that replies first); its QA reviews come from Zendesk QA, which rungs knows.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FRAMEWORK_ID = 'customer-operations';

// Ana closes 11 conversations an active hour and Ben 8; both are active 96% of the time and
// score 96 to 100 in QA.
export const AGENTS = [
  { email: 'ana@acme.example', name: 'Ana Costa', perHour: 11 },
  { email: 'ben@acme.example', name: 'Ben Okafor', perHour: 8 },
  { email: 'cho@acme.example', name: 'Cho Min', perHour: 10 },
  { email: 'dev@acme.example', name: 'Dev Patel', perHour: 12 },
];
export const LEAD = { email: 'lea@acme.example', name: 'Lea Lead' };

const pad = (n) => String(n).padStart(2, '0');
const day = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const at = (d, minutes) => `${day(d)} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00`;

// The weekdays of the three complete ISO weeks before `now`.
export function workdays(now = new Date()) {
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7) - 21);
  const days = [];
  for (let w = 0; w < 3; ++w) {
    for (let d = 0; d < 5; ++d) {
      const date = new Date(monday);
      date.setUTCDate(monday.getUTCDate() + w * 7 + d);
      days.push(date);
    }
  }
  return days;
}

export function roster() {
  const rows = ['email,name,role,team,manager_email,framework,assigned_rung'];
  rows.push(`${LEAD.email},${LEAD.name},manager,Support,,,`);
  for (const a of AGENTS) rows.push(`${a.email},${a.name},member,Support,${LEAD.email},${FRAMEWORK_ID},1A`);
  return rows.join('\n') + '\n';
}

// A day: online 09:00 to 12:00, away 15 minutes, online 12:15 to 16:00 (6.75 active hours); the
// bot answers each new ticket first, the agent replies and solves it.
export function deskExport(days) {
  const rows = ['Ticket;Agent;Action;Time;Until'];
  let ticket = 70000;
  for (const d of days) {
    for (const a of AGENTS) {
      rows.push(`;${a.email};Online;${at(d, 540)};${at(d, 720)}`);
      rows.push(`;${a.email};Away;${at(d, 720)};${at(d, 735)}`);
      rows.push(`;${a.email};Online;${at(d, 735)};${at(d, 960)}`);
      const closes = Math.round(a.perHour * 6.75);
      for (let i = 0; i < closes; ++i) {
        const minute = 541 + Math.floor((i * 418) / closes);
        const t = ticket++;
        rows.push(`${t};Acme Bot;Reply;${at(d, minute - 1)};`);
        rows.push(`${t};${a.email};Reply;${at(d, minute)};`);
        rows.push(`${t};${a.email};Solved;${at(d, minute + 1)};`);
      }
    }
  }
  return rows.join('\n') + '\n';
}

// Four reviews a week per agent, two categories each, every one above 95%.
export function qaExport(days) {
  const rows = ['Review ID,Review created,Reviewer,Reviewee,Conversation ID,Conversation created,Scorecard,Category,Rating,Weight,Critical,Review score'];
  let id = 9100000;
  days.forEach((d, i) => {
    if (i % 5 === 4) return;  // Monday to Thursday
    for (const a of AGENTS) {
      const review = id++;
      const conversation = `${day(d)}T10:00:00Z`;
      const created = `${day(d)}T17:00:00Z`;
      rows.push(`${review},${created},${LEAD.email},${a.email},${review - 9000000},${conversation},Support,Solution,100,2,false,98`);
      rows.push(`${review},${created},${LEAD.email},${a.email},${review - 9000000},${conversation},Support,Tone,94,1,false,98`);
    }
  });
  return rows.join('\n') + '\n';
}

// Writes roster.csv, acme-desk.csv and zendesk-qa.csv into `dir`; returns their paths.
export function writeNewTeamFiles(dir, now = new Date()) {
  const days = workdays(now);
  const files = {
    roster: join(dir, 'roster.csv'),
    desk: join(dir, 'acme-desk.csv'),
    qa: join(dir, 'zendesk-qa.csv'),
  };
  writeFileSync(files.roster, roster());
  writeFileSync(files.desk, deskExport(days));
  writeFileSync(files.qa, qaExport(days));
  return files;
}

if (process.argv[1] && process.argv[1].endsWith('new-team-files.mjs')) {
  console.log(writeNewTeamFiles(process.argv[2] || '.'));
}
