using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Tally.Core.Signals;
using Tally.Import;

namespace Tally.Api.Signals;

/// <summary>
/// Reads a signal (DESIGN.md §4) from a JSON object, strictly: an unknown or repeated field is refused, and so is
/// every value out of its range, naming the field and the value. Decimals may be strings or numbers; a number is
/// read from its raw text, never through <see cref="double"/>, so <c>0.1</c> is exactly 0.1. Used by
/// <c>POST /api/signals</c>, the TradingView webhook (after its template) and <c>tally signal</c> (before sending).
/// </summary>
public static class SignalBody
{
    public const int MaxIdLength = 128;

    /// <summary>Every field a signal body may have, in the order the documentation lists them.</summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        "signal_id", "strategy_id", "symbol", "action", "confidence", "quantity", "size_fraction", "price",
        "take_profit", "stop_loss", "take_profit_pct", "stop_loss_pct", "timeframe", "timestamp", "venue", "account",
    ];

    /// <summary>The signal, or null with <paramref name="problem"/> naming the first field that is wrong.</summary>
    /// <param name="now">The timestamp of a signal that gives none.</param>
    public static Signal? Read(JsonElement body, ApiOptions options, DateTimeOffset now, out FieldProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (body.ValueKind != JsonValueKind.Object)
        {
            problem = new FieldProblem("body", null, "must be a JSON object");
            return null;
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (!Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                problem = new FieldProblem(property.Name, null, $"is not a signal field (fields: {string.Join(", ", Fields)})");
                return null;
            }

            if (!fields.TryAdd(property.Name, property.Value))
            {
                problem = new FieldProblem(property.Name, null, "appears twice");
                return null;
            }
        }

        return new Reader(fields).Signal(options, now, out problem);
    }

    /// <summary>One body's fields; each method returns false with <see cref="Problem"/> set when the field is wrong.</summary>
    private sealed class Reader(Dictionary<string, JsonElement> fields)
    {
        public FieldProblem? Problem { get; private set; }

        public Signal? Signal(ApiOptions options, DateTimeOffset now, out FieldProblem? problem)
        {
            var signal = Build(options, now);
            problem = Problem;
            return problem is null ? signal : null;
        }

        private Signal? Build(ApiOptions options, DateTimeOffset now)
        {
            if (!Id("signal_id", out var signalId) || !Id("strategy_id", out var strategyId) || !Symbol(out var symbol) || !Action(out var action))
            {
                return null;
            }

            if (!Decimal("confidence", required: true, out var confidence))
            {
                return null;
            }

            if (confidence is < 0m or > 1m)
            {
                return Refuse("confidence", "is not a number from 0 to 1");
            }

            if (!Decimal("quantity", required: false, out var quantity) || !Decimal("size_fraction", required: false, out var fraction)
                || !Decimal("price", required: false, out var price) || !Decimal("take_profit", required: false, out var takeProfit)
                || !Decimal("stop_loss", required: false, out var stopLoss) || !Decimal("take_profit_pct", required: false, out var takeProfitPct)
                || !Decimal("stop_loss_pct", required: false, out var stopLossPct))
            {
                return null;
            }

            foreach (var (field, value) in (ReadOnlySpan<(string, decimal?)>)[("quantity", quantity), ("price", price), ("take_profit", takeProfit), ("stop_loss", stopLoss), ("take_profit_pct", takeProfitPct)])
            {
                if (value <= 0m)
                {
                    return Refuse(field, "is not a positive number");
                }
            }

            if (fraction is <= 0m or > 1m)
            {
                return Refuse("size_fraction", "is not a fraction above 0 and at most 1 (of available balance × leverage)");
            }

            if (stopLossPct is <= 0m or >= 1m)
            {
                return Refuse("stop_loss_pct", "is not a fraction of the entry above 0 and below 1 (0.02 = 2 %)");
            }

            if (takeProfit is not null && takeProfitPct is not null)
            {
                return Refuse("take_profit_pct", "goes with take_profit: give the take-profit once, as a price or as a fraction");
            }

            if (stopLoss is not null && stopLossPct is not null)
            {
                return Refuse("stop_loss_pct", "goes with stop_loss: give the stop-loss once, as a price or as a fraction");
            }

            switch (action)
            {
                case SignalAction.Buy or SignalAction.Sell when quantity is not null && fraction is not null:
                    return Refuse("size_fraction", "goes with quantity: give one of them");
                case SignalAction.Buy or SignalAction.Sell when quantity is null && fraction is null:
                    return Refuse("quantity", null, "missing: a buy or sell gives quantity or size_fraction");
                case SignalAction.Close when quantity is not null || fraction is not null:
                    return Refuse(quantity is not null ? "quantity" : "size_fraction", "does not go with a close, which closes the strategy's open positions on the symbol");
                case SignalAction.Close when takeProfit is not null || takeProfitPct is not null || stopLoss is not null || stopLossPct is not null:
                    var field = takeProfit is not null ? "take_profit" : takeProfitPct is not null ? "take_profit_pct" : stopLoss is not null ? "stop_loss" : "stop_loss_pct";
                    return Refuse(field, "does not go with a close");
            }

            if (!Text("timeframe", out var timeframe) || !Text("venue", out var venue) || !Text("account", out var account) || !Timestamp(now, out var timestamp))
            {
                return null;
            }

            return new Signal(
                signalId,
                strategyId,
                symbol,
                action,
                confidence!.Value,
                timestamp,
                quantity,
                fraction,
                price,
                takeProfit,
                stopLoss,
                takeProfitPct,
                stopLossPct,
                timeframe,
                venue ?? options.DefaultVenue,
                account ?? options.DefaultAccount);
        }

        private bool Id(string field, [NotNullWhen(true)] out string? id)
        {
            if (!Text(field, out id))
            {
                return false;
            }

            if (id is null)
            {
                Refuse(field, null, "missing");
                return false;
            }

            if (id.Length > MaxIdLength)
            {
                Refuse(field, $"is longer than {MaxIdLength} characters");
                return false;
            }

            return true;
        }

        private bool Symbol([NotNullWhen(true)] out string? symbol)
        {
            if (!Id("symbol", out symbol))
            {
                return false;
            }

            if (symbol.Any(c => !char.IsAsciiLetterOrDigit(c)))
            {
                Refuse("symbol", "is not a symbol such as \"BTCUSDT\"");
                return false;
            }

            symbol = symbol.ToUpperInvariant();
            return true;
        }

        private bool Action(out SignalAction action)
        {
            action = default;
            if (!Text("action", out var text))
            {
                return false;
            }

            SignalAction? parsed = text?.ToLowerInvariant() switch
            {
                null => null,
                "buy" => SignalAction.Buy,
                "sell" => SignalAction.Sell,
                "close" => SignalAction.Close,
                _ => null,
            };
            if (parsed is null)
            {
                Refuse("action", text, text is null ? "missing (buy, sell or close)" : "is not buy, sell or close");
                return false;
            }

            action = parsed.Value;
            return true;
        }

        /// <summary>A string (trimmed; empty is absent) or a number's text; null or absent gives null.</summary>
        private bool Text(string field, out string? text)
        {
            text = null;
            if (!fields.TryGetValue(field, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    var value = element.GetString()!.Trim();
                    if (value.Any(char.IsControl))
                    {
                        Refuse(field, "holds a control character");
                        return false;
                    }

                    text = value.Length == 0 ? null : value;
                    return true;
                case JsonValueKind.Number:
                    text = element.GetRawText();
                    return true;
                default:
                    Refuse(field, "is not a string");
                    return false;
            }
        }

        /// <summary>A decimal from a string or a number (from its raw text: exact).</summary>
        private bool Decimal(string field, bool required, out decimal? value)
        {
            value = null;
            if (!fields.TryGetValue(field, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Refuse(field, null, "missing");
                    return false;
                }

                return true;
            }

            var text = element.ValueKind switch
            {
                JsonValueKind.String => element.GetString()!.Trim(),
                JsonValueKind.Number => element.GetRawText(),
                _ => null,
            };
            if (text is null)
            {
                Refuse(field, "is not a number (give a string such as \"0.001\" or a JSON number)");
                return false;
            }

            if (FieldParser.Decimal(text, out var parsed) is { } wrong)
            {
                Refuse(field, wrong);
                return false;
            }

            value = parsed;
            return true;
        }

        private bool Timestamp(DateTimeOffset now, out DateTimeOffset timestamp)
        {
            timestamp = now;
            if (!Text("timestamp", out var text))
            {
                return false;
            }

            if (text is not null && FieldParser.Timestamp(text, out timestamp) is { } wrong)
            {
                Refuse("timestamp", wrong);
                return false;
            }

            return true;
        }

        /// <summary>Refuses <paramref name="field"/> quoting the value as sent.</summary>
        private Signal? Refuse(string field, string problem) => Refuse(field, Raw(field), problem);

        private Signal? Refuse(string field, string? value, string problem)
        {
            Problem ??= new FieldProblem(field, value, problem);
            return null;
        }

        private string? Raw(string field) => fields.TryGetValue(field, out var element)
            ? element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText()
            : null;
    }
}
