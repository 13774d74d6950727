import type { Vocabulary } from "./index.ts";

/** Danish. "inden for 48 timer", "5 arbejdsdage", "inden for to uger". */
export const da: Vocabulary = {
  language: "da",
  units: {
    timer: "hours",
    dag: "days",
    dage: "days",
    døgn: "days",
    arbejdsdag: "business_days",
    arbejdsdage: "business_days",
    hverdag: "business_days",
    hverdage: "business_days",
    uge: "weeks",
    uger: "weeks",
    måned: "months",
    måneder: "months",
  },
  severities: { critical: ["kritisk*"], high: ["høj", "høje"], medium: ["mellem"], low: ["lav", "lave"] },
  cues: {
    ack: ["svar*", "besvare*", "bekræft*", "vende tilbage", "vender tilbage"],
    assess: ["vurder*"],
    update: ["statusopdatering*", "informeret"],
    resolve: ["rette*", "udbedr*", "fikse*"],
    disclosure: ["offentliggør*", "offentliggjort"],
    emergency: ["hastende", "akut*"],
  },
  otherSubjects: ["belønning*", "i gennemsnit", "sidste år", "gemmes", "opbevares"],
  afterWords: ["efter"],
  fixEvents: ["rettelsen", "udgivelsen", "opdateringen"],
  aboutWords: ["om"],
  reportWords: ["rapporter*", "sårbarhed*", "sikkerhed*", "anmeld*"],
  contactWords: ["send", "skriv", "e-mail", "kontakt*"],
  securityWords: ["sikkerhed*", "sårbarhed*"],
  versionHeader: ["version"],
  statusHeader: ["understøt", "support"],
  statuses: [
    ["ikke understøttet", "unsupported"],
    ["ja", "supported"],
    ["nej", "unsupported"],
    ["understøttet", "supported"],
  ],
};
