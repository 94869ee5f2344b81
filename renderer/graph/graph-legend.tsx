/** The legend, always on screen: built from the same tables as the stylesheet, so it cannot drift from the canvas. */
import { Button, Classes } from '@blueprintjs/core';
import { useState } from 'react';
import { ENTITY_KINDS, ENTITY_KIND_LABELS, type EntityKind } from '../../shared/model/vocabulary';
import { communityColour, EDGE_COLOUR, KIND_COLOURS, KIND_SHAPES, MONEY_EDGE_COLOUR, NO_ROLE_COLOUR, ROLE_GROUPS, SANCTION_COLOURS, SIZE_LABELS, type ColourBy } from './graph-style';
import { shapeSvg } from './svg-export';

function Shape({ kind, colour }: { kind: EntityKind; colour: string }) {
  // Our own markup from constants (no user text), so setting it as HTML is safe.
  return <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" dangerouslySetInnerHTML={{ __html: shapeSvg(KIND_SHAPES[kind], 8, 8, 13, 13, `fill="${colour}"`) }} />;
}

function Swatch({ colour, ring, halo }: { colour?: string; ring?: string; halo?: string }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      {halo ? <circle cx="8" cy="8" r="8" fill={halo} opacity="0.55" /> : null}
      <circle cx="8" cy="8" r={halo ? 5 : 6} fill={colour ?? 'none'} stroke={ring ?? 'none'} strokeWidth={ring ? 2.5 : 0} />
    </svg>
  );
}

function Line({ colour = EDGE_COLOUR, width = 2, dash, arrow, faded }: { colour?: string; width?: number; dash?: string; arrow?: boolean; faded?: boolean }) {
  return (
    <svg width="30" height="12" viewBox="0 0 30 12" aria-hidden="true">
      <line x1="1" y1="6" x2={arrow ? 23 : 29} y2="6" stroke={colour} strokeWidth={width} strokeDasharray={dash} opacity={faded ? 0.15 : 1} strokeLinecap={dash === '1 3' ? 'round' : 'butt'} />
      {arrow ? <path d="M22,1 L29,6 L22,11 z" fill={colour} /> : null}
    </svg>
  );
}

export function GraphLegend({ colourBy, sizeBy, communities, kindsPresent }: { colourBy: ColourBy; sizeBy: string; communities: number[]; kindsPresent: ReadonlySet<string> }) {
  const [open, setOpen] = useState(true);
  const kinds = ENTITY_KINDS.filter((k) => kindsPresent.has(k));
  return (
    <section className="graph-legend" aria-label="Legend" data-testid="graph-legend">
      <header className="graph-legend-head">
        <strong>Legend</strong>
        <Button size="small" variant="minimal" icon={open ? 'chevron-down' : 'chevron-up'} onClick={() => setOpen(!open)} aria-expanded={open} aria-label={open ? 'Collapse the legend' : 'Expand the legend'} />
      </header>
      {open ? (
        <div className="graph-legend-body">
          <div className="graph-legend-group">
            <h4>Kind (shape{colourBy === 'kind' ? ', colour' : ''})</h4>
            <ul>
              {(kinds.length ? kinds : ENTITY_KINDS.slice(0, 3)).map((k) => (
                <li key={k}>
                  <Shape kind={k} colour={colourBy === 'kind' ? KIND_COLOURS[k] : '#8f99a8'} /> {ENTITY_KIND_LABELS[k]}
                </li>
              ))}
            </ul>
          </div>
          <div className="graph-legend-group">
            <h4>Role ({colourBy === 'role' ? 'fill and ring' : 'ring'})</h4>
            <ul>
              {ROLE_GROUPS.map((g) => (
                <li key={g.id}>
                  <Swatch colour={colourBy === 'role' ? g.colour : undefined} ring={g.colour} /> {g.label}
                </li>
              ))}
              <li>
                <Swatch ring={NO_ROLE_COLOUR} /> No role recorded
              </li>
            </ul>
          </div>
          {colourBy === 'community' ? (
            <div className="graph-legend-group">
              <h4>Community (fill)</h4>
              <ul>
                {communities.slice(0, 6).map((size, i) => (
                  <li key={i}>
                    <Swatch colour={communityColour(i)} /> Community {i + 1} · {size}
                  </li>
                ))}
                {communities.length > 6 ? <li className={Classes.TEXT_MUTED}>+ {communities.length - 6} smaller</li> : null}
              </ul>
            </div>
          ) : null}
          <div className="graph-legend-group">
            <h4>Sanctions</h4>
            <ul>
              <li>
                <Swatch colour="#8f99a8" halo={SANCTION_COLOURS.listed} /> ⚑ Listed under a regime
              </li>
              <li>
                <Swatch colour="#8f99a8" halo={SANCTION_COLOURS.flagged} /> Flagged (affiliation)
              </li>
              <li>
                <Swatch colour="#8f99a8" /> Not listed
              </li>
            </ul>
          </div>
          <div className="graph-legend-group">
            <h4>Links</h4>
            <ul>
              <li>
                <Line /> Two or more independent sources
              </li>
              <li>
                <Line dash="5 3" /> Single source
              </li>
              <li>
                <Line dash="1 3" /> No evidence yet
              </li>
              <li>
                <Line colour={MONEY_EDGE_COLOUR} width={5} /> Money (width ∝ amount)
              </li>
              <li>
                <Line arrow /> Direction (e.g. paid, commands)
              </li>
              <li>
                <Line faded /> Outside the time window
              </li>
            </ul>
          </div>
          <p className={`graph-legend-note ${Classes.TEXT_MUTED}`}>Size: {SIZE_LABELS[sizeBy] ?? sizeBy}. Italic name: witness pseudonym.</p>
        </div>
      ) : null}
    </section>
  );
}
