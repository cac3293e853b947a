using Tally.Core;

namespace Tally.Core.Tests.Support;

/// <summary>The instruments the tests trade, and ledgers that know them.</summary>
internal static class Instruments
{
    /// <summary>Inferred: linear, multiplier 1, ETH/USDT.</summary>
    public const string EthPerp = "ETHUSDT";

    /// <summary>Inferred: linear, multiplier 1, BTC/USDT.</summary>
    public const string BtcPerp = "BTCUSDT";

    /// <summary>Registered spot BTC/USDT (a fee in BTC changes the quantity).</summary>
    public const string BtcSpot = "BTCUSDT_SPOT";

    /// <summary>Registered inverse BTC/USD, 100 USD per contract, settles in BTC (Binance COIN-M BTCUSD_PERP).</summary>
    public const string BtcInverse = "BTCUSD_PERP";

    /// <summary>Registered linear ETH/USDT with 10 ETH per contract.</summary>
    public const string EthTenLot = "ETHUSDT_X10";

    public static InstrumentCatalog Catalog()
    {
        var catalog = new InstrumentCatalog();
        catalog.Add(Instrument.Create(BtcSpot, InstrumentKind.Spot, "BTC", "USDT"));
        catalog.Add(Instrument.Create(BtcInverse, InstrumentKind.Inverse, "BTC", "USD", 100m));
        catalog.Add(Instrument.Create(EthTenLot, InstrumentKind.Linear, "ETH", "USDT", 10m));
        return catalog;
    }

    public static Ledger Ledger() => new(Catalog());
}
