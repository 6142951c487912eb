internal import CSVCodec

/// `coding_export.csv`: the coded segments of the qualitative strand, one row per
/// (segment, coder, code), as exported from a QDA program.
///
/// Two focus groups per country (one with migrants, one with professionals) and two
/// interviews per country (a policy maker and a provider or NGO representative),
/// except Malta with one interview: 20 FGDs and 19 interviews of 8-20 segments.
/// coder_A codes every segment with 1-3 codes; about a quarter of the segments are
/// coded again by coder_B, who keeps each of coder_A's codes with probability 0.93
/// (else picks another) and adds one with probability 0.04: the two coders give a
/// segment the same codes about 85% of the time.
/// The export depends on the seed, not on the number of respondents.
struct CodingExport {
  static let columns = [
    "document_id", "country", "session_type", "participant_type", "coder", "code", "segment_id", "segment_text",
  ]

  /// One document (transcript) of the qualitative strand.
  struct Document {
    var id: String
    var country: String
    var isFocusGroup: Bool
    /// The participant type of an interview, or of a migrants' focus group;
    /// `nil` for a professionals' focus group, where it varies by speaker.
    var participantType: String?
  }

  /// The 39 documents, by country, focus groups first.
  static func documents() -> [Document] {
    var documents: [Document] = []
    for (index, country) in CountryProfile.all.enumerated() {
      let code = country.code
      documents.append(Document(id: "FGD-\(code)-01", country: code, isFocusGroup: true, participantType: "migrant"))
      documents.append(Document(id: "FGD-\(code)-02", country: code, isFocusGroup: true, participantType: nil))
      documents.append(
        Document(id: "INT-\(code)-01", country: code, isFocusGroup: false, participantType: "policy_maker"))
      if code != "MT" {
        let type = index.isMultiple(of: 2) ? "healthcare_provider" : "ngo_representative"
        documents.append(Document(id: "INT-\(code)-02", country: code, isFocusGroup: false, participantType: type))
      }
    }
    return documents
  }

  private static let speakers = ["healthcare_provider", "ngo_representative", "volunteer"]
  private static let speakerWeights = [0.45, 0.35, 0.2]

  /// Counts for the README.
  struct Summary {
    var documents = 0
    var segments = 0
    var doubleCoded = 0
    /// Double-coded segments given the same codes by both coders.
    var agreed = 0
    var rows = 0
  }

  private var random: Random
  private var summary = Summary()

  init(seed: UInt64) {
    random = Random(seed: seed, stream: 1_000)
  }

  /// Writes the export to `path`.
  mutating func write(to path: String) throws(SampleStudy.Failure) -> Summary {
    do throws(CSVWriter.Failure) {
      let writer = try CSVWriter(path: path)
      writer.writeRow(CodingExport.columns)
      for document in CodingExport.documents() {
        summary.documents += 1
        writeSegments(of: document, to: writer)
      }
      try writer.finish()
    } catch {
      throw SampleStudy.Failure(path: error.path, reason: error.reason)
    }
    return summary
  }

  private mutating func writeSegments(of document: Document, to writer: CSVWriter) {
    let framework = CodingFramework.codes
    let segments = random.int(in: 8...20)
    summary.segments += segments
    for number in 1...segments {
      let participant =
        document.participantType ?? CodingExport.speakers[random.pick(CodingExport.speakerWeights)]
      let emphasis =
        switch participant {
        case "migrant": CodingFramework.migrantEmphasis
        case "policy_maker": CodingFramework.policyEmphasis
        default: CodingFramework.providerEmphasis
        }
      var codes = [random.pick(emphasis)]
      let extra = random.pick([0.55, 0.33, 0.12])
      for _ in 0..<extra { codes.append(pickCode(excluding: codes)) }

      let voice: (CodingFramework.Code) -> [String] = {
        participant == "migrant" ? $0.migrantVoice : $0.professionalVoice
      }
      let first = voice(framework[codes[0]])
      var text = first[random.int(below: first.count)]
      if codes.count > 1, random.chance(0.7) {
        let second = voice(framework[codes[1]])
        text += " " + second[random.int(below: second.count)]
      }

      var coders = [("coder_A", codes.sorted())]
      if random.chance(0.25) {
        var second: [Int] = []
        for code in codes {
          second.append(random.chance(0.93) ? code : pickCode(excluding: codes + second))
        }
        if random.chance(0.04) { second.append(pickCode(excluding: codes + second)) }
        let secondCodes = Array(Set(second)).sorted()
        coders.append(("coder_B", secondCodes))
        summary.doubleCoded += 1
        if secondCodes == codes.sorted() { summary.agreed += 1 }
      }

      let segmentID = document.id + "-S" + Format.padded(number, width: 2)
      for (coder, coded) in coders {
        summary.rows += coded.count
        for code in coded {
          writer.writeRow([
            document.id, document.country, document.isFocusGroup ? "FGD" : "interview", participant, coder,
            framework[code].name, segmentID, text,
          ])
        }
      }
    }
  }

  /// A code drawn uniformly from those not in `taken`.
  private mutating func pickCode(excluding taken: [Int]) -> Int {
    let weights = CodingFramework.codes.indices.map { taken.contains($0) ? 0.0 : 1.0 }
    return random.pick(weights)
  }
}
