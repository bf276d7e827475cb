/**
 * arXiv subject names as oai_dc writes them ("Computer Science - Computation and
 * Language") mapped to category codes. Covers the archives a Daily Papers instance
 * usually follows (cs, stat, eess and the applied parts of math); others map to null.
 */
const ARCHIVES: Record<string, [string, Record<string, string>]> = {
  'Computer Science': [
    'cs',
    {
      'Artificial Intelligence': 'AI',
      'Hardware Architecture': 'AR',
      'Computational Complexity': 'CC',
      'Computational Engineering, Finance, and Science': 'CE',
      'Computational Geometry': 'CG',
      'Computation and Language': 'CL',
      'Cryptography and Security': 'CR',
      'Computer Vision and Pattern Recognition': 'CV',
      'Computers and Society': 'CY',
      Databases: 'DB',
      'Distributed, Parallel, and Cluster Computing': 'DC',
      'Digital Libraries': 'DL',
      'Discrete Mathematics': 'DM',
      'Data Structures and Algorithms': 'DS',
      'Emerging Technologies': 'ET',
      'Formal Languages and Automata Theory': 'FL',
      'General Literature': 'GL',
      Graphics: 'GR',
      'Computer Science and Game Theory': 'GT',
      'Human-Computer Interaction': 'HC',
      'Information Retrieval': 'IR',
      'Information Theory': 'IT',
      'Machine Learning': 'LG',
      'Logic in Computer Science': 'LO',
      'Multiagent Systems': 'MA',
      Multimedia: 'MM',
      'Mathematical Software': 'MS',
      'Numerical Analysis': 'NA',
      'Neural and Evolutionary Computing': 'NE',
      'Networking and Internet Architecture': 'NI',
      'Other Computer Science': 'OH',
      'Operating Systems': 'OS',
      Performance: 'PF',
      'Programming Languages': 'PL',
      Robotics: 'RO',
      'Symbolic Computation': 'SC',
      Sound: 'SD',
      'Software Engineering': 'SE',
      'Social and Information Networks': 'SI',
      'Systems and Control': 'SY',
    },
  ],
  Statistics: [
    'stat',
    {
      Applications: 'AP',
      Computation: 'CO',
      'Machine Learning': 'ML',
      Methodology: 'ME',
      'Other Statistics': 'OT',
      'Statistics Theory': 'TH',
    },
  ],
  'Electrical Engineering and Systems Science': [
    'eess',
    {
      'Audio and Speech Processing': 'AS',
      'Image and Video Processing': 'IV',
      'Signal Processing': 'SP',
      'Systems and Control': 'SY',
    },
  ],
  Mathematics: [
    'math',
    {
      'Numerical Analysis': 'NA',
      'Optimization and Control': 'OC',
      'Statistics Theory': 'ST',
      Probability: 'PR',
      'Information Theory': 'IT',
      Combinatorics: 'CO',
      Logic: 'LO',
    },
  ],
};

export function subjectToCategory(subject: string): string | null {
  const m = /^\s*(.+?)\s+-\s+(.+?)\s*$/.exec(subject);
  if (!m) return null;
  const archive = ARCHIVES[m[1]!];
  const code = archive?.[1][m[2]!];
  return archive && code ? `${archive[0]}.${code}` : null;
}
