namespace Tally.PaperExchange.Algo;

/// <summary>
/// Which price a trigger watches. The paper exchange has one price per symbol, so both watch the same walk; the
/// choice is kept and echoed so a client's requests round-trip.
/// </summary>
public enum WorkingType
{
    ContractPrice,
    MarkPrice,
}
