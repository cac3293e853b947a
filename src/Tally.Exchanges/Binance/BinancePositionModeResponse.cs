using Tally.Core;

namespace Tally.Exchanges.Binance;

/// <summary>
/// The body of USD-M <c>GET /fapi/v1/positionSide/dual</c>: <c>{"dualSidePosition":true}</c> means hedge
/// mode (separate LONG and SHORT books), false means one-way. The setting applies to every symbol.
/// </summary>
public readonly record struct BinancePositionModeResponse(bool DualSidePosition)
{
    private const string What = "positionSide/dual response";

    public PositionMode Mode => DualSidePosition ? PositionMode.Hedge : PositionMode.OneWay;

    /// <exception cref="FormatException"><c>dualSidePosition</c> is missing or not a boolean.</exception>
    public static BinancePositionModeResponse Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        return new(BinanceJsonObject.Of(document.RootElement, "", What).Boolean("dualSidePosition"));
    }
}
