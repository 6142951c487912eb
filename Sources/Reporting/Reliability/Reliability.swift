/// Reliability of a multi-item scale and agreement between coders.
///
/// Pure functions of their inputs (no I/O), in three families:
/// - ``cronbachAlpha(items:weights:threshold:)``: internal consistency of a scale
///   (Cronbach 1951), with alpha if item deleted and corrected item-rest correlations;
/// - ``cohenKappa(_:_:)`` and ``cohenKappaPerCode(_:_:)``: chance-corrected agreement of
///   two coders on nominal categories (Cohen 1960);
/// - ``krippendorffAlpha(units:)``: nominal agreement of two or more coders with missing
///   values (Krippendorff 2011).
///
/// A statistic that is undefined for the data (a zero denominator, too few values) is
/// `nil`, and the result carries a sentence saying why, ready for a table footnote.
public enum Reliability {}
