/**
 * A table in the dashboard's one shape: it scrolls sideways on a narrow screen (`.table-wrap`), its column
 * headers are scoped for screen readers, and its rows are the caller's (a row header is `<th scope="row">`).
 */
import type { ReactNode } from 'react';

export function DataTable(props: { readonly columns: readonly string[]; readonly children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
