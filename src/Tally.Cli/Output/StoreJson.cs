using System.Text.Json;
using Tally.Core;
using Tally.Storage;

namespace Tally.Cli.Output;

/// <summary>JSON objects for what only the store knows: stored trades, statistics, quarantine.</summary>
public static class StoreJson
{
    public static void WriteTrade(Utf8JsonWriter json, StoredFill stored) => LedgerJson.WriteTrade(json, stored);

    public static void WriteStatistics(Utf8JsonWriter json, TradeStatistics s)
    {
        json.WriteStartObject();
        json.WriteString("symbol", s.Symbol);
        json.Time("since", s.Since);
        json.WriteNumber("count", s.Count);
        json.WriteNumber("buys", s.Buys);
        json.WriteNumber("sells", s.Sells);
        json.Decimal("volume", s.Volume);
        json.Decimal("notional", s.Notional);
        json.Amounts("fees", s.Fees);
        json.Decimal("realized_pnl", s.RealizedPnl);
        json.WriteNumber("wins", s.Wins);
        json.WriteNumber("losses", s.Losses);
        json.Decimal("win_rate", s.WinRate);
        json.Decimal("avg_win", s.AverageWin);
        json.Decimal("avg_loss", s.AverageLoss);
        json.Decimal("largest_win", s.LargestWin);
        json.Decimal("largest_loss", s.LargestLoss);
        json.WriteEndObject();
    }

    public static void WriteQuarantine(Utf8JsonWriter json, QuarantineEntry q)
    {
        json.WriteStartObject();
        json.WriteNumber("id", q.Id);
        json.StringOrNull("venue", q.Venue);
        json.StringOrNull("account", q.Account);
        json.StringOrNull("symbol", q.Symbol);
        json.StringOrNull("trade_id", q.TradeId);
        json.WriteString("source", q.Source);
        json.WriteString("reason", q.Reason);
        json.WriteString("payload", q.Payload);
        json.Time("received_at", q.ReceivedAt);
        json.WriteEndObject();
    }
}
