import type { Vocabulary } from "./index.ts";

/** Norwegian (Bokmål). "innen 48 timer", "5 virkedager", "innen to uker". */
export const nb: Vocabulary = {
  language: "nb",
  units: {
    timer: "hours",
    dag: "days",
    dager: "days",
    døgn: "days",
    arbeidsdag: "business_days",
    arbeidsdager: "business_days",
    virkedag: "business_days",
    virkedager: "business_days",
    uke: "weeks",
    uker: "weeks",
    måned: "months",
    måneder: "months",
  },
  severities: { critical: ["kritisk*"], high: ["høy", "høye"], medium: ["middels"], low: ["lav", "lave"] },
  cues: {
    ack: ["svar*", "besvare*", "bekreft*", "komme tilbake", "kommer tilbake"],
    assess: ["vurder*"],
    update: ["statusoppdatering*", "informert"],
    resolve: ["rette*", "utbedr*", "fikse*"],
    disclosure: ["offentliggjør*", "offentliggjort"],
    emergency: ["haster", "akutt*"],
  },
  otherSubjects: ["belønning*", "i gjennomsnitt", "i fjor", "lagres", "oppbevares"],
  afterWords: ["etter"],
  fixEvents: ["rettelsen", "utgivelsen", "oppdateringen"],
  aboutWords: ["om"],
  reportWords: ["rapporter*", "sårbarhet*", "sikkerhet*", "meld*"],
  contactWords: ["send", "skriv", "e-post", "kontakt*"],
  securityWords: ["sikkerhet*", "sårbarhet*"],
  versionHeader: ["versjon"],
  statusHeader: ["støtte", "støttet"],
  statuses: [
    ["ikke støttet", "unsupported"],
    ["ja", "supported"],
    ["nei", "unsupported"],
    ["støttet", "supported"],
  ],
};
