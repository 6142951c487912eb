/// The access-to-care coding framework of the qualitative strand (focus groups and
/// interviews) and the quotations that the coded segments are made of.
///
/// Each code has two quotations in a migrant's voice and two in a professional's
/// (healthcare provider, NGO representative, volunteer or policy maker), invented
/// after the themes of the mig-HealthCare focus groups.
enum CodingFramework {
  /// One code of the framework.
  struct Code {
    var name: String
    var migrantVoice: [String]
    var professionalVoice: [String]
  }

  static let codes: [Code] = [
    Code(
      name: "language_interpretation",
      migrantVoice: [
        "At the hospital there was no interpreter, so my daughter, who is nine, had to explain my pains to the doctor.",
        "I understood maybe half of what the nurse said, and I was ashamed to ask again.",
      ],
      professionalVoice: [
        "We book interpreters by phone, but for Tigrinya or Kurmanji we often wait two or three days, sometimes longer.",
        "Colleagues use machine translation for consent forms, which is, frankly, not acceptable.",
      ]),
    Code(
      name: "cost_affordability",
      migrantVoice: [
        "The consultation was free, but the medicines cost 40 euros, and I had only 15.",
        "For the dentist they asked me to pay first, so I waited until the tooth broke.",
      ],
      professionalVoice: [
        "Co-payments are small for us, but for a family living on 90 euros a month they are a real barrier.",
        "Patients stop treatment halfway because they cannot pay for the follow-up tests.",
      ]),
    Code(
      name: "legal_entitlement",
      migrantVoice: [
        "They told me \"you have no right to a doctor until your interview\", and the interview was in eight months.",
        "With the card I can go to the hospital, but not to a specialist, and not to the dentist.",
      ],
      professionalVoice: [
        "Entitlements change with every status: asylum seeker, rejected, appeal, and nobody at the desk knows them all.",
        "The law says emergency care only, but what counts as an emergency is decided at the reception desk.",
      ]),
    Code(
      name: "information_navigation",
      migrantVoice: [
        "Nobody told me where to go; I found the clinic because a man from my village showed me.",
        "The leaflet was in English and in the local language, and I read neither.",
      ],
      professionalVoice: [
        "Newcomers do not know the difference between the GP and the emergency room, so everything ends up in the ER.",
        "We made a map of services, in six languages, but it was out of date within a year.",
      ]),
    Code(
      name: "discrimination_racism",
      migrantVoice: [
        "The receptionist spoke to me like I was a child, and to the woman behind me, who was local, very politely.",
        "In the pharmacy they said \"not for people like you\", and I left without the medicine.",
      ],
      professionalVoice: [
        "Some staff assume migrants exaggerate their pain, and that shapes how quickly they are seen.",
        "We had complaints of racist remarks at the front desk, and, to be honest, nothing happened.",
      ]),
    Code(
      name: "distance_transport",
      migrantVoice: [
        "The camp is 40 kilometres from the hospital, and the bus comes twice a day.",
        "I walked two hours with my son, who had a fever, because the ticket was too expensive.",
      ],
      professionalVoice: [
        "Rural reception centres have a nurse once a week, if that.",
        "We organise a van to the hospital on Tuesdays, but it takes six people at most.",
      ]),
    Code(
      name: "waiting_times",
      migrantVoice: [
        "I waited from seven in the morning until four in the afternoon, and then they closed.",
        "The appointment for the specialist is in five months; by then, who knows where I will be.",
      ],
      professionalVoice: [
        "Waiting lists are long for everyone, but migrants give up sooner because they move so often.",
        "The psychiatric waiting list is six months, for people with acute trauma.",
      ]),
    Code(
      name: "cultural_gender_provider",
      migrantVoice: [
        "I asked for a woman doctor, and they laughed, so I did not go back.",
        "The doctor wanted to examine me without my husband present, and in my culture, that is difficult.",
      ],
      professionalVoice: [
        "Female patients often refuse examination by a male doctor, and we do not always have a female colleague.",
        "Mental health is a taboo for many of our patients; they present with headaches, not with sadness.",
      ]),
    Code(
      name: "fear_of_authorities",
      migrantVoice: [
        "I am afraid that the hospital gives my name to the police, so I only go when I cannot stand it anymore.",
        "My friend went to the hospital, and two weeks later he was deported; maybe it was not connected, but we all believe it.",
      ],
      professionalVoice: [
        "Undocumented patients come very late, with complications, because they fear being reported.",
        "We had to explain, again and again, that we do not share data with the immigration office.",
      ]),
    Code(
      name: "administrative_burden",
      migrantVoice: [
        "Every office sent me to another office, and each one wanted a different paper.",
        "To get the health card I needed an address, and to rent a room I needed papers.",
      ],
      professionalVoice: [
        "Registration for the social security number takes months, and without it the system does not see them.",
        "Our nurses spend more time on forms than on patients, especially with asylum seekers.",
      ]),
    Code(
      name: "trust_in_services",
      migrantVoice: [
        "The doctor listened, gave me time, and now I trust him with my family.",
        "After what happened at the border, it is difficult to trust anyone in uniform, even a nurse.",
      ],
      professionalVoice: [
        "Trust is built by continuity, the same nurse, the same face, and our funding is for six months.",
        "Community health mediators are the bridge; patients trust them before they trust us.",
      ]),
    Code(
      name: "good_practice_ngo",
      migrantVoice: [
        "The NGO clinic had an Arabic-speaking doctor, and for the first time I could explain everything.",
        "The volunteers came with me to the hospital, and they stayed until I was seen.",
      ],
      professionalVoice: [
        "The mobile unit, with a doctor, a nurse and a cultural mediator, reaches people no hospital reaches.",
        "Our joint clinic with the municipality works because the NGO handles the paperwork, and the doctors just treat.",
      ]),
  ]

  /// How often each code (in ``codes`` order) is a segment's main theme, by who speaks.
  static let migrantEmphasis: [Double] = [3, 3, 2, 2, 2, 1.5, 2, 1.5, 2, 2, 1, 1.5]
  static let providerEmphasis: [Double] = [3, 1.5, 2, 2, 1, 1, 1.5, 2, 1.5, 2.5, 1.5, 2]
  static let policyEmphasis: [Double] = [1.5, 1.5, 3, 1.5, 0.5, 1, 1.5, 1, 1, 3, 1.5, 2]
}
