using Tally.Core.Signals;

namespace Tally.Core.Tests.Signals;

internal static class SignalsFor
{
    public static Signal Make(string id, string strategy, SignalAction action, decimal confidence, int second, decimal? quantity = null, string symbol = "BTCUSDT") =>
        new(id, strategy, symbol, action, confidence, TestFills.T0.AddSeconds(second), quantity);
}
