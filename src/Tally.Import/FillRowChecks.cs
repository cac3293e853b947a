using Tally.Core;

namespace Tally.Import;

/// <summary>
/// The checks every format applies to a fill once its fields are parsed: the symbol is known, the
/// position side fits the mode, a spot base-asset fee is smaller than the quantity, and the fill's
/// identity has not already appeared in the same file.
/// </summary>
public sealed class FillRowChecks
{
    private readonly FillReadOptions _options;
    private readonly Dictionary<(string Venue, string Account, string Symbol, string TradeId), int> _seen = [];

    public FillRowChecks(FillReadOptions options)
    {
        _options = options;
    }

    /// <param name="feeText">The fee as written in the source, quoted back in a refusal (defaults to the parsed value).</param>
    public RowError? Check(int line, in Fill fill, string symbolText, string positionSideText, string tradeIdText, string? feeText = null)
    {
        if (!_options.Instruments.TryResolve(fill.Venue, fill.Symbol, out var instrument))
        {
            return new RowError(line, "symbol", symbolText, FillRules.UnknownSymbol + "; describe it with --instruments");
        }

        switch (_options.Mode)
        {
            case PositionMode.Hedge when fill.PositionSide == PositionSide.Both:
                return new RowError(line, "position_side", positionSideText, "must be LONG or SHORT in hedge mode");
            case PositionMode.OneWay when fill.PositionSide != PositionSide.Both:
                return new RowError(line, "position_side", positionSideText, "must be BOTH in one-way mode (use --mode hedge)");
        }

        // The ledger's own rule (Tally.Core.FillRules), the fee quoted back as the source wrote it.
        if (FillRules.CheckBaseFee(fill, instrument) is { } rejection)
        {
            return new RowError(line, "fee", feeText ?? rejection.Value, rejection.Problem);
        }

        var identity = (fill.Venue, fill.Account, fill.Symbol, fill.TradeId);
        if (_seen.TryGetValue(identity, out var firstLine))
        {
            return new RowError(line, "trade_id", tradeIdText, $"repeats line {firstLine} for the same venue, account and symbol");
        }

        _seen.Add(identity, line);
        return null;
    }
}
