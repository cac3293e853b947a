using System.Text.Json.Serialization;

namespace Tally.PaperExchange.Wire;

/// <summary>User-data ACCOUNT_UPDATE (binance-wire.md §7.4); only the changed position is included.</summary>
public sealed record AccountUpdateEvent(
    [property: JsonPropertyName("e")] string EventType,
    [property: JsonPropertyName("E")] long EventTime,
    [property: JsonPropertyName("T")] long TransactionTime,
    [property: JsonPropertyName("a")] AccountUpdateBody Account);

/// <summary>The <c>a</c> object: reason, balances, positions.</summary>
public sealed record AccountUpdateBody(
    [property: JsonPropertyName("m")] string Reason,
    [property: JsonPropertyName("B")] IReadOnlyList<AccountBalanceRow> Balances,
    [property: JsonPropertyName("P")] IReadOnlyList<AccountPositionRow> Positions);

/// <summary>One <c>B</c> row: wallet, cross wallet, balance change excluding PnL and fees (0 for ORDER updates).</summary>
public sealed record AccountBalanceRow(
    [property: JsonPropertyName("a")] string Asset,
    [property: JsonPropertyName("wb")] string WalletBalance,
    [property: JsonPropertyName("cw")] string CrossWalletBalance,
    [property: JsonPropertyName("bc")] string BalanceChange);

/// <summary>One <c>P</c> row: signed amount, entry, break-even, accumulated realized, unrealized, margin type, side.</summary>
public sealed record AccountPositionRow(
    [property: JsonPropertyName("s")] string Symbol,
    [property: JsonPropertyName("pa")] string PositionAmount,
    [property: JsonPropertyName("ep")] string EntryPrice,
    [property: JsonPropertyName("bep")] string BreakEvenPrice,
    [property: JsonPropertyName("cr")] string AccumulatedRealized,
    [property: JsonPropertyName("up")] string UnrealizedProfit,
    [property: JsonPropertyName("mt")] string MarginType,
    [property: JsonPropertyName("iw")] string IsolatedWallet,
    [property: JsonPropertyName("ps")] string PositionSide);
