import type { Vocabulary } from "./index.ts";

/**
 * Romanian. "în 48 de ore", "5 zile lucrătoare". Forms shared with English ("confirm", "public", "correct") are left
 * out: only the Romanian ones are listed.
 */
export const ro: Vocabulary = {
  language: "ro",
  numbers: {
    două: 2,
    doua: 2,
    trei: 3,
    patru: 4,
    cinci: 5,
    șapte: 7,
    sapte: 7,
    zece: 10,
    paisprezece: 14,
    treizeci: 30,
    nouăzeci: 90,
  },
  daily: ["zilnic", "zilnice"],
  weekly: ["săptămânal", "săptămânale"],
  monthly: ["lunare"],
  units: {
    oră: "hours",
    ore: "hours",
    zi: "days",
    zile: "days",
    săptămână: "weeks",
    săptămâni: "weeks",
    lună: "months",
    luni: "months",
  },
  unitLinkers: ["de"],
  businessAfter: ["lucrătoare", "lucratoare"],
  calendarAfter: ["calendaristice"],
  forWords: ["pentru"],
  severities: {
    critical: ["critică", "critice"],
    high: ["ridicată", "ridicate"],
    medium: ["medie", "medii"],
    low: ["scăzută", "scăzute"],
  },
  cues: {
    ack: ["răspun*", "confirmare*", "confirmăm", "vom confirma"],
    assess: ["evaluare*", "evaluăm", "vom evalua", "trier*", "triaj*"],
    update: ["actualizări de stare", "progres*"],
    resolve: ["remedi*", "corectare*", "corectăm", "reparare*", "reparăm"],
    disclosure: ["dezvălui*", "publicare*", "publicăm"],
    emergency: ["urgen*"],
  },
  otherSubjects: ["recompens*", "în medie", "anul trecut", "păstrăm", "stocate"],
  afterWords: ["după"],
  fixEvents: ["remedierea", "corectarea", "lansarea"],
  reportWords: ["raport*", "vulnerabilit*", "securitate*", "semnal*"],
  contactWords: ["trimite*", "scrie*", "contact*"],
  securityWords: ["securitate*", "vulnerabilit*"],
  versionHeader: ["versiun"],
  statusHeader: ["suport", "acceptat"],
  statuses: [
    ["nesuportat", "unsupported"],
    ["da", "supported"],
    ["nu", "unsupported"],
    ["suportat", "supported"],
  ],
};
