using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tally.Core;
using Tally.Core.Reconciliation;
using Tally.Storage;
using Rules = Tally.Core.Reconciliation.Reconciliation;

namespace Tally.Engine.Reconciliation;

/// <summary>
/// What both reconcilers (<see cref="Reconciler"/> for USD-M positions, <see cref="SpotReconciler"/> for spot balances)
/// do with their findings: each key not in sync is corrected by its adjustment fills and its audit entry (before and
/// after as JSON) in one transaction, or only proposed on a dry run, then logged and handed to the found hook.
/// </summary>
internal sealed class ReconcileCorrections(FillLog log, string venue, string account, ILogger logger, Action<IngestReport>? ingested, Action<ReconcileResult>? found)
{
    /// <summary>Every finding's result, in order; <paramref name="exchangeText"/> says in the audit reason what the exchange showed for it.</summary>
    public async Task<List<ReconcileResult>> SettleAsync(
        IReadOnlyList<ReconcileFinding> findings, DateTimeOffset at, bool dryRun, Func<ReconcileFinding, string> exchangeText, CancellationToken cancellationToken)
    {
        var results = new List<ReconcileResult>(findings.Count);
        foreach (var finding in findings)
        {
            var result = finding.Kind == ReconcileKind.InSync
                ? new ReconcileResult(venue, account, finding, Correction.None, [], null)
                : dryRun ? new ReconcileResult(venue, account, finding, Correction.Proposed, [], null)
                : await CorrectAsync(finding, at, exchangeText(finding), cancellationToken);
            results.Add(result);
            if (finding.Kind != ReconcileKind.InSync)
            {
                Announce(result);
            }
        }

        return results;
    }

    /// <summary>The ledger's positions of this account (open and closed).</summary>
    public async Task<IReadOnlyList<Position>> PositionsAsync(CancellationToken cancellationToken) =>
        [.. (await log.PositionsAsync(at: null, cancellationToken)).Where(p => p.Key.Venue == venue && p.Key.Account == account)];

    /// <summary>The audit entry's before/after: <c>{"quantity":"…","entry_price":"…"|null}</c>, decimals as exact strings.</summary>
    public static string StateJson(decimal signedQuantity, decimal? entryPrice)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("quantity", DecimalText.Format(signedQuantity));
            if (entryPrice is { } price)
            {
                w.WriteString("entry_price", DecimalText.Format(price));
            }
            else
            {
                w.WriteNull("entry_price");
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static DateTimeOffset Millis(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    private async Task<ReconcileResult> CorrectAsync(ReconcileFinding finding, DateTimeOffset at, string exchange, CancellationToken cancellationToken)
    {
        var fills = finding.Adjustments.Select(a => Rules.AdjustmentFill(venue, account, finding, a, at)).ToList();
        var key = new PositionKey(venue, account, finding.Symbol, finding.PositionSide);
        var what = fills.Count == 0
            ? "no fill can move an entry price alone: ledger left as it is"
            : "adjustment fill(s) " + string.Join(", ", fills.Select(f => $"{f.TradeId} ({f.Side.ToWireName()} {DecimalText.Format(f.Quantity)} @ {DecimalText.Format(f.Price)})"));
        var entry = new AuditEntry(
            0,
            at,
            $"reconcile.{finding.Kind.ToWireName()}",
            key.ToString(),
            StateJson(finding.Local?.SignedQuantity ?? 0m, finding.Local?.EntryPrice),
            StateJson(finding.AfterQuantity, finding.AfterEntryPrice),
            $"{exchange}; {what}");
        var report = await log.IngestAuditedAsync([.. fills.Select(f => new IncomingFill(f, null))], [entry], cancellationToken);
        if (report.Statuses.Any(s => s != IngestStatus.Stored))
        {
            var problem = report.Rejected.Count > 0
                ? string.Join("; ", report.Rejected.Select(r => r.Reason.ToString()))
                : $"adjustment trade id already stored ({string.Join(", ", fills.Select(f => f.TradeId))})";
            return new ReconcileResult(venue, account, finding, Correction.Refused, [], problem);
        }

        ingested?.Invoke(report);
        return new ReconcileResult(venue, account, finding, fills.Count == 0 ? Correction.Reported : Correction.Adjusted, [.. fills.Select(f => f.TradeId)], null);
    }

    private void Announce(ReconcileResult result)
    {
        var f = result.Finding;
        if (result.Correction == Correction.Refused)
        {
            ReconcileLog.Refused(logger, result.Venue, result.Account, f.Kind.ToWireName(), f.Symbol, f.PositionSide.ToWireName(), result.Problem ?? "");
        }
        else
        {
            ReconcileLog.Found(
                logger,
                result.Venue,
                result.Account,
                f.Kind.ToWireName(),
                f.Symbol,
                f.PositionSide.ToWireName(),
                DecimalText.Format(f.Local?.SignedQuantity ?? 0m),
                f.Local is { } l ? DecimalText.Format(l.EntryPrice) : "-",
                DecimalText.Format(f.Exchange?.SignedQuantity ?? 0m),
                f.Exchange is { } e ? DecimalText.Format(e.EntryPrice) : "-",
                result.Correction.ToWireName(),
                string.Join(",", result.TradeIds));
        }

        found?.Invoke(result);
    }
}
