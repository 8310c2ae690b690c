/**
 * The words demo data is made of: countries (currency, phone and registration formats, cities
 * and streets), company name parts and people's names in English, Chinese (simplified) and
 * Swedish, titles by function, and what people write on a timeline.
 */
export type Language = "en" | "zh" | "sv";

export type City = { name: string; postalCode: string; region: string | null; street: readonly string[] };

export type Country = {
  code: string;
  /** The country's name as a subsidiary's name carries it ("Nordvik Bygg Norge AS"). */
  label: string;
  currency: string;
  language: Language;
  legalForm: string;
  /** `#` a digit, `%` a digit 1–9; every pattern here is a valid number for libphonenumber. */
  phone: string;
  mobile: string;
  /** The prefix of registration numbers; the company's index makes them unique. */
  registration: (serial: string) => string;
  cities: readonly City[];
  timeZone: string;
};

const streetsSv = [
  "Storgatan",
  "Drottninggatan",
  "Kungsgatan",
  "Hamngatan",
  "Sveavägen",
  "Industrivägen",
  "Järnvägsgatan",
  "Östra Hamngatan",
];
const streetsEn = [
  "High Street",
  "Market Street",
  "Station Road",
  "Main Street",
  "Harbour Road",
  "Park Avenue",
  "Mill Lane",
  "Queen Street",
];

export const countries: readonly Country[] = [
  {
    code: "SE",
    label: "Sverige",
    currency: "SEK",
    language: "sv",
    legalForm: "AB",
    phone: "+46 8 %## ### ##",
    mobile: "+46 70 %## ## ##",
    registration: (serial) => `556${serial.slice(0, 3)}-${serial.slice(3)}`,
    cities: [
      { name: "Stockholm", postalCode: "111 ##", region: "Stockholms län", street: streetsSv },
      { name: "Göteborg", postalCode: "411 ##", region: "Västra Götalands län", street: streetsSv },
      { name: "Malmö", postalCode: "211 ##", region: "Skåne län", street: streetsSv },
      { name: "Uppsala", postalCode: "753 ##", region: "Uppsala län", street: streetsSv },
      { name: "Västerås", postalCode: "722 ##", region: "Västmanlands län", street: streetsSv },
      { name: "Örebro", postalCode: "702 ##", region: "Örebro län", street: streetsSv },
      { name: "Linköping", postalCode: "582 ##", region: "Östergötlands län", street: streetsSv },
      { name: "Umeå", postalCode: "903 ##", region: "Västerbottens län", street: streetsSv },
    ],
    timeZone: "Europe/Stockholm",
  },
  {
    code: "CN",
    label: "中国",
    currency: "CNY",
    language: "zh",
    legalForm: "有限公司",
    phone: "+86 21 %### ####",
    mobile: "+86 138 #### ####",
    registration: (serial) => `91310000MA1${serial}`,
    cities: [
      { name: "上海", postalCode: "200###", region: "上海市", street: ["南京西路", "淮海中路", "世纪大道", "陆家嘴环路", "徐家汇路"] },
      { name: "北京", postalCode: "100###", region: "北京市", street: ["建国门外大街", "长安街", "中关村大街", "朝阳路", "金融大街"] },
      { name: "深圳", postalCode: "518###", region: "广东省", street: ["深南大道", "科技园路", "华强北路", "福华路"] },
      { name: "广州", postalCode: "510###", region: "广东省", street: ["天河路", "环市东路", "珠江新城路", "中山大道"] },
      { name: "杭州", postalCode: "310###", region: "浙江省", street: ["文三路", "延安路", "西湖大道", "滨江大道"] },
      { name: "苏州", postalCode: "215###", region: "江苏省", street: ["干将路", "金鸡湖大道", "人民路"] },
    ],
    timeZone: "Asia/Shanghai",
  },
  {
    code: "US",
    label: "USA",
    currency: "USD",
    language: "en",
    legalForm: "Inc.",
    phone: "+1 212 555 01##",
    mobile: "+1 415 286 ####",
    registration: (serial) => `${serial.slice(0, 2)}-${serial.slice(2)}`,
    cities: [
      { name: "New York", postalCode: "100##", region: "NY", street: streetsEn },
      { name: "Chicago", postalCode: "606##", region: "IL", street: streetsEn },
      { name: "Boston", postalCode: "021##", region: "MA", street: streetsEn },
      { name: "Seattle", postalCode: "981##", region: "WA", street: streetsEn },
      { name: "Austin", postalCode: "787##", region: "TX", street: streetsEn },
    ],
    timeZone: "America/New_York",
  },
  {
    code: "GB",
    label: "UK",
    currency: "GBP",
    language: "en",
    legalForm: "Ltd",
    phone: "+44 20 7946 0###",
    mobile: "+44 20 7946 0###",
    registration: (serial) => `0${serial}`,
    cities: [
      { name: "London", postalCode: "EC1A #AB", region: null, street: streetsEn },
      { name: "Manchester", postalCode: "M1 #AB", region: null, street: streetsEn },
      { name: "Birmingham", postalCode: "B1 #AA", region: null, street: streetsEn },
      { name: "Leeds", postalCode: "LS1 #AB", region: null, street: streetsEn },
    ],
    timeZone: "Europe/London",
  },
  {
    code: "DE",
    label: "Deutschland",
    currency: "EUR",
    language: "en",
    legalForm: "GmbH",
    phone: "+49 30 %#######",
    mobile: "+49 151 ########",
    registration: (serial) => `HRB ${serial}`,
    cities: [
      { name: "Berlin", postalCode: "101##", region: "Berlin", street: ["Friedrichstraße", "Hauptstraße", "Bahnhofstraße", "Kantstraße"] },
      { name: "Hamburg", postalCode: "201##", region: "Hamburg", street: ["Mönckebergstraße", "Hafenstraße", "Jungfernstieg"] },
      { name: "München", postalCode: "803##", region: "Bayern", street: ["Leopoldstraße", "Maximilianstraße", "Sendlinger Straße"] },
    ],
    timeZone: "Europe/Berlin",
  },
  {
    code: "NO",
    label: "Norge",
    currency: "NOK",
    language: "sv",
    legalForm: "AS",
    phone: "+47 41 ## ## ##",
    mobile: "+47 41 ## ## ##",
    registration: (serial) => `9${serial.slice(0, 2)} ${serial.slice(2, 5)} ${serial.slice(5)}`,
    cities: [
      { name: "Oslo", postalCode: "01##", region: null, street: ["Karl Johans gate", "Storgata", "Bygdøy allé"] },
      { name: "Bergen", postalCode: "50##", region: null, street: ["Strandgaten", "Bryggen", "Torgallmenningen"] },
    ],
    timeZone: "Europe/Oslo",
  },
  {
    code: "DK",
    label: "Danmark",
    currency: "DKK",
    language: "sv",
    legalForm: "A/S",
    phone: "+45 32 ## ## ##",
    mobile: "+45 32 ## ## ##",
    registration: (serial) => `DK${serial.slice(0, 8).padStart(8, "1")}`,
    cities: [
      { name: "København", postalCode: "1###", region: null, street: ["Strøget", "Vesterbrogade", "Nørregade"] },
      { name: "Aarhus", postalCode: "8000", region: null, street: ["Søndergade", "Åboulevarden"] },
    ],
    timeZone: "Europe/Copenhagen",
  },
  {
    code: "FI",
    label: "Suomi",
    currency: "EUR",
    language: "sv",
    legalForm: "Oy",
    phone: "+358 40 ### ####",
    mobile: "+358 40 ### ####",
    registration: (serial) => `${serial}-${serial.at(-1)}`,
    cities: [
      { name: "Helsinki", postalCode: "001##", region: null, street: ["Mannerheimintie", "Aleksanterinkatu", "Esplanadi"] },
      { name: "Tampere", postalCode: "331##", region: null, street: ["Hämeenkatu", "Satakunnankatu"] },
    ],
    timeZone: "Europe/Helsinki",
  },
  {
    code: "FR",
    label: "France",
    currency: "EUR",
    language: "en",
    legalForm: "SAS",
    phone: "+33 1 4# ## ## ##",
    mobile: "+33 1 4# ## ## ##",
    registration: (serial) => `RCS Paris ${serial}`,
    cities: [
      {
        name: "Paris",
        postalCode: "750##",
        region: "Île-de-France",
        street: ["Rue de Rivoli", "Avenue de l'Opéra", "Boulevard Haussmann"],
      },
      { name: "Lyon", postalCode: "690##", region: "Auvergne-Rhône-Alpes", street: ["Rue de la République", "Quai Saint-Antoine"] },
    ],
    timeZone: "Europe/Paris",
  },
  {
    code: "NL",
    label: "Nederland",
    currency: "EUR",
    language: "en",
    legalForm: "B.V.",
    phone: "+31 20 %## ####",
    mobile: "+31 20 %## ####",
    registration: (serial) => `KvK ${serial}`,
    cities: [{ name: "Amsterdam", postalCode: "10## AB", region: "Noord-Holland", street: ["Damrak", "Keizersgracht", "Prinsengracht"] }],
    timeZone: "Europe/Amsterdam",
  },
  {
    code: "SG",
    label: "Singapore",
    currency: "SGD",
    language: "en",
    legalForm: "Pte. Ltd.",
    phone: "+65 6### ####",
    mobile: "+65 6### ####",
    registration: (serial) => `20${serial}K`,
    cities: [{ name: "Singapore", postalCode: "0#####", region: null, street: ["Orchard Road", "Raffles Place", "Marina Boulevard"] }],
    timeZone: "Asia/Singapore",
  },
  {
    code: "AU",
    label: "Australia",
    currency: "AUD",
    language: "en",
    legalForm: "Pty Ltd",
    phone: "+61 2 9### ####",
    mobile: "+61 2 9### ####",
    registration: (serial) => `ABN ${serial}`,
    cities: [
      { name: "Sydney", postalCode: "2000", region: "NSW", street: ["George Street", "Pitt Street", "Macquarie Street"] },
      { name: "Melbourne", postalCode: "3000", region: "VIC", street: ["Collins Street", "Bourke Street", "Flinders Lane"] },
    ],
    timeZone: "Australia/Sydney",
  },
];

/** Where standalone companies are (weights): most in Sweden, China, the US and the UK. */
export const countryWeights: readonly (readonly [string, number])[] = [
  ["SE", 30],
  ["CN", 20],
  ["US", 14],
  ["GB", 10],
  ["DE", 7],
  ["NO", 5],
  ["DK", 4],
  ["FI", 3],
  ["FR", 3],
  ["NL", 2],
  ["SG", 1],
  ["AU", 1],
];

export const countryByCode = new Map(countries.map((country) => [country.code, country]));

/** A company name's parts: the distinctive name (Latin, and Chinese where there is one) and the trade. */
export type NameCore = { latin: string; local: string };

const svFirst = [
  "Nord",
  "Syd",
  "Väst",
  "Öst",
  "Berg",
  "Sjö",
  "Skog",
  "Ljung",
  "Lind",
  "Ek",
  "Björk",
  "Gran",
  "Fjäll",
  "Älv",
  "Stor",
  "Ham",
  "Sol",
  "Vind",
];
const svLast = ["vik", "dal", "holm", "berg", "ström", "by", "näs", "ås", "hed", "lund", "fors", "sund", "å", "mark"];
const svTrades = [
  "Bygg",
  "Teknik",
  "Logistik",
  "Konsult",
  "Verkstad",
  "Industri",
  "Elektronik",
  "Transport",
  "Energi",
  "Maskin",
  "Data",
  "Trä",
  "Stål",
  "Livs",
  "Fastigheter",
];
const enFirst = [
  "North",
  "South",
  "West",
  "East",
  "Bright",
  "Silver",
  "Oak",
  "Stone",
  "River",
  "Harbor",
  "Summit",
  "Crown",
  "Blue",
  "Red",
  "Iron",
  "Pine",
];
const enLast = ["bridge", "field", "gate", "wood", "ford", "view", "point", "stone", "water", "hill", "way", "brook", "crest", "haven"];
const enTrades = [
  "Logistics",
  "Systems",
  "Engineering",
  "Foods",
  "Industries",
  "Consulting",
  "Technologies",
  "Energy",
  "Materials",
  "Healthcare",
  "Retail",
  "Software",
  "Manufacturing",
  "Construction",
];
const zhFirst: readonly (readonly [string, string])[] = [
  ["华", "Hua"],
  ["中", "Zhong"],
  ["东", "Dong"],
  ["海", "Hai"],
  ["金", "Jin"],
  ["新", "Xin"],
  ["恒", "Heng"],
  ["宏", "Hong"],
  ["长", "Chang"],
  ["天", "Tian"],
  ["瑞", "Rui"],
  ["永", "Yong"],
  ["博", "Bo"],
  ["嘉", "Jia"],
];
const zhLast: readonly (readonly [string, string])[] = [
  ["信", "xin"],
  ["达", "da"],
  ["盛", "sheng"],
  ["源", "yuan"],
  ["通", "tong"],
  ["泰", "tai"],
  ["创", "chuang"],
  ["丰", "feng"],
  ["远", "yuan"],
  ["科", "ke"],
  ["安", "an"],
  ["腾", "teng"],
];
const zhTrades: readonly (readonly [string, string])[] = [
  ["科技", "Technology"],
  ["物流", "Logistics"],
  ["电子", "Electronics"],
  ["机械", "Machinery"],
  ["贸易", "Trading"],
  ["能源", "Energy"],
  ["医疗器械", "Medical"],
  ["软件", "Software"],
  ["制造", "Manufacturing"],
  ["材料", "Materials"],
  ["食品", "Foods"],
];

export const nameParts = { svFirst, svLast, svTrades, enFirst, enLast, enTrades, zhFirst, zhLast, zhTrades };

/** The line of business a name's trade (its Latin form) belongs to: "Bergberg Industri AB" makes things. */
export const tradeLine: Readonly<Record<string, string>> = {
  // Swedish
  Bygg: "construction",
  Teknik: "technology",
  Logistik: "logistics",
  Konsult: "technology",
  Verkstad: "manufacturing",
  Industri: "manufacturing",
  Elektronik: "technology",
  Transport: "logistics",
  Energi: "energy",
  Maskin: "manufacturing",
  Data: "technology",
  Trä: "manufacturing",
  Stål: "manufacturing",
  Livs: "retail",
  Fastigheter: "construction",
  // English, and the Latin forms of the Chinese trades
  Logistics: "logistics",
  Systems: "technology",
  Engineering: "manufacturing",
  Foods: "retail",
  Industries: "manufacturing",
  Consulting: "technology",
  Technologies: "technology",
  Technology: "technology",
  Energy: "energy",
  Materials: "manufacturing",
  Healthcare: "healthcare",
  Medical: "healthcare",
  Retail: "retail",
  Trading: "retail",
  Software: "technology",
  Electronics: "technology",
  Machinery: "manufacturing",
  Manufacturing: "manufacturing",
  Construction: "construction",
};

export type PersonName = { first: string; last: string; latinFirst: string; latinLast: string };

export const svGiven = [
  "Anna",
  "Eva",
  "Maria",
  "Karin",
  "Sara",
  "Emma",
  "Elin",
  "Ida",
  "Linnéa",
  "Maja",
  "Lars",
  "Anders",
  "Johan",
  "Erik",
  "Per",
  "Karl",
  "Mikael",
  "Fredrik",
  "Björn",
  "Göran",
  "Åsa",
  "Örjan",
];
export const svFamily = [
  "Andersson",
  "Johansson",
  "Karlsson",
  "Nilsson",
  "Eriksson",
  "Larsson",
  "Olsson",
  "Persson",
  "Svensson",
  "Gustafsson",
  "Lindqvist",
  "Lindström",
  "Öberg",
  "Åkesson",
  "Bergström",
  "Sjöberg",
  "Holmgren",
  "Wikström",
];
export const enGiven = [
  "James",
  "Mary",
  "John",
  "Patricia",
  "Robert",
  "Jennifer",
  "Michael",
  "Linda",
  "David",
  "Elizabeth",
  "Sarah",
  "Thomas",
  "Emily",
  "Daniel",
  "Olivia",
  "George",
  "Hannah",
  "Oliver",
];
export const enFamily = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "Miller",
  "Davis",
  "Wilson",
  "Taylor",
  "Clark",
  "Walker",
  "Wright",
  "Thompson",
  "Hughes",
  "Baker",
  "Turner",
];
export const zhGiven: readonly (readonly [string, string])[] = [
  ["伟", "Wei"],
  ["芳", "Fang"],
  ["娜", "Na"],
  ["敏", "Min"],
  ["静", "Jing"],
  ["丽", "Li"],
  ["强", "Qiang"],
  ["磊", "Lei"],
  ["军", "Jun"],
  ["洋", "Yang"],
  ["勇", "Yong"],
  ["杰", "Jie"],
  ["涛", "Tao"],
  ["明", "Ming"],
  ["秀英", "Xiuying"],
  ["建华", "Jianhua"],
  ["志强", "Zhiqiang"],
  ["晓燕", "Xiaoyan"],
  ["海燕", "Haiyan"],
  ["国强", "Guoqiang"],
];
export const zhFamily: readonly (readonly [string, string])[] = [
  ["王", "Wang"],
  ["李", "Li"],
  ["张", "Zhang"],
  ["刘", "Liu"],
  ["陈", "Chen"],
  ["杨", "Yang"],
  ["黄", "Huang"],
  ["赵", "Zhao"],
  ["吴", "Wu"],
  ["周", "Zhou"],
  ["徐", "Xu"],
  ["孙", "Sun"],
  ["马", "Ma"],
  ["朱", "Zhu"],
];

/** Contact functions (keys of the built-in `function` list) with a title and department per language. */
export const functions: readonly { key: string; weight: number; title: Record<Language, string>; department: Record<Language, string> }[] =
  [
    {
      key: "executive",
      weight: 0,
      title: { en: "Chief Executive Officer", sv: "VD", zh: "总经理" },
      department: { en: "Management", sv: "Ledning", zh: "管理层" },
    },
    {
      key: "finance",
      weight: 3,
      title: { en: "Finance Director", sv: "Ekonomichef", zh: "财务总监" },
      department: { en: "Finance", sv: "Ekonomi", zh: "财务部" },
    },
    {
      key: "procurement",
      weight: 4,
      title: { en: "Head of Procurement", sv: "Inköpschef", zh: "采购经理" },
      department: { en: "Procurement", sv: "Inköp", zh: "采购部" },
    },
    {
      key: "it",
      weight: 3,
      title: { en: "IT Manager", sv: "IT-chef", zh: "IT经理" },
      department: { en: "IT", sv: "IT", zh: "信息技术部" },
    },
    {
      key: "operations",
      weight: 3,
      title: { en: "Operations Manager", sv: "Driftchef", zh: "运营经理" },
      department: { en: "Operations", sv: "Drift", zh: "运营部" },
    },
    {
      key: "sales",
      weight: 2,
      title: { en: "Sales Manager", sv: "Försäljningschef", zh: "销售经理" },
      department: { en: "Sales", sv: "Försäljning", zh: "销售部" },
    },
    {
      key: "engineering",
      weight: 2,
      title: { en: "Engineering Lead", sv: "Teknisk chef", zh: "工程主管" },
      department: { en: "Engineering", sv: "Teknik", zh: "工程部" },
    },
    {
      key: "service",
      weight: 1,
      title: { en: "Service Coordinator", sv: "Servicesamordnare", zh: "客服主管" },
      department: { en: "Service", sv: "Kundtjänst", zh: "客服部" },
    },
    {
      key: "legal",
      weight: 1,
      title: { en: "Legal Counsel", sv: "Bolagsjurist", zh: "法务经理" },
      department: { en: "Legal", sv: "Juridik", zh: "法务部" },
    },
  ];

/** Lines of business: created (with labels in three languages) only when the list is empty. */
export const linesOfBusiness: readonly { key: string; labels: Record<"en" | "zh-CN" | "sv", string>; industry: string }[] = [
  { key: "manufacturing", labels: { en: "Manufacturing", "zh-CN": "制造业", sv: "Tillverkning" }, industry: "Manufacturing" },
  { key: "logistics", labels: { en: "Logistics", "zh-CN": "物流", sv: "Logistik" }, industry: "Transport and logistics" },
  { key: "technology", labels: { en: "Technology", "zh-CN": "科技", sv: "Teknik" }, industry: "Information technology" },
  { key: "retail", labels: { en: "Retail", "zh-CN": "零售", sv: "Handel" }, industry: "Retail" },
  { key: "energy", labels: { en: "Energy", "zh-CN": "能源", sv: "Energi" }, industry: "Energy" },
  { key: "healthcare", labels: { en: "Healthcare", "zh-CN": "医疗", sv: "Vård" }, industry: "Healthcare" },
  { key: "construction", labels: { en: "Construction", "zh-CN": "建筑", sv: "Bygg" }, industry: "Construction" },
];

/** Regions: created only when the list is empty. */
export const regions: readonly { key: string; labels: Record<"en" | "zh-CN" | "sv", string>; countries: string[] }[] = [
  { key: "nordics", labels: { en: "Nordics", "zh-CN": "北欧", sv: "Norden" }, countries: ["SE", "NO", "DK", "FI"] },
  { key: "europe", labels: { en: "Rest of Europe", "zh-CN": "欧洲其他", sv: "Övriga Europa" }, countries: ["GB", "DE", "FR", "NL"] },
  { key: "asia_pacific", labels: { en: "Asia Pacific", "zh-CN": "亚太", sv: "Asien och Stillahavet" }, countries: ["CN", "SG", "AU"] },
  { key: "americas", labels: { en: "Americas", "zh-CN": "美洲", sv: "Amerika" }, countries: ["US"] },
];

/** The product catalogue the demo contracts sell (prices in EUR; other currencies by a fixed rate). */
export const catalogue: readonly {
  code: string;
  name: string;
  category: string;
  unit: string;
  kind: "goods" | "service";
  serviceMonths: number | null;
  warrantyMonths: number | null;
  priceEur: number;
  costShare: number | null;
}[] = [
  {
    code: "DEMO-HW-100",
    name: "Industrial sensor kit",
    category: "Hardware",
    unit: "pcs",
    kind: "goods",
    serviceMonths: null,
    warrantyMonths: 24,
    priceEur: 450,
    costShare: 0.55,
  },
  {
    code: "DEMO-HW-200",
    name: "Edge gateway",
    category: "Hardware",
    unit: "pcs",
    kind: "goods",
    serviceMonths: null,
    warrantyMonths: 36,
    priceEur: 1200,
    costShare: 0.6,
  },
  {
    code: "DEMO-HW-300",
    name: "Control cabinet",
    category: "Hardware",
    unit: "pcs",
    kind: "goods",
    serviceMonths: null,
    warrantyMonths: 24,
    priceEur: 3800,
    costShare: 0.65,
  },
  {
    code: "DEMO-SW-100",
    name: "Monitoring licence",
    category: "Software",
    unit: "licence",
    kind: "goods",
    serviceMonths: null,
    warrantyMonths: null,
    priceEur: 900,
    costShare: 0.1,
  },
  {
    code: "DEMO-SW-200",
    name: "Analytics module",
    category: "Software",
    unit: "licence",
    kind: "goods",
    serviceMonths: null,
    warrantyMonths: null,
    priceEur: 2400,
    costShare: 0.12,
  },
  {
    code: "DEMO-SV-100",
    name: "Support agreement",
    category: "Services",
    unit: "year",
    kind: "service",
    serviceMonths: 12,
    warrantyMonths: null,
    priceEur: 1500,
    costShare: 0.4,
  },
  {
    code: "DEMO-SV-200",
    name: "Preventive maintenance",
    category: "Services",
    unit: "visit",
    kind: "service",
    serviceMonths: 6,
    warrantyMonths: null,
    priceEur: 650,
    costShare: 0.5,
  },
  {
    code: "DEMO-SV-300",
    name: "Installation and training",
    category: "Services",
    unit: "day",
    kind: "service",
    serviceMonths: 1,
    warrantyMonths: null,
    priceEur: 1100,
    costShare: null,
  },
];

/** Units of a currency per euro, for list prices (whole units, so amounts stay readable). */
export const currencyRates: Record<string, number> = {
  EUR: 1,
  SEK: 11,
  NOK: 11.5,
  DKK: 7.5,
  GBP: 0.85,
  USD: 1.1,
  CNY: 7.8,
  SGD: 1.45,
  AUD: 1.65,
};

/** Timeline kinds with how often each is written. */
export const timelineKinds: readonly (readonly [string, number])[] = [
  ["note", 20],
  ["call", 20],
  ["email", 20],
  ["meeting", 12],
  ["visit", 5],
  ["sms", 4],
  ["chat", 5],
  ["event", 5],
  ["action", 5],
  ["decision", 4],
];

export const interactionKinds = new Set(["call", "meeting", "visit", "email", "sms", "chat"]);

export const timelineSubjects: Record<Language, Record<string, readonly string[]>> = {
  en: {
    note: [
      "Budget cycle starts in September",
      "New decision maker in procurement",
      "Prefers quarterly invoicing",
      "Expanding to a second site",
    ],
    call: ["Follow-up call about the renewal", "Call about delivery dates", "Intro call with the new IT manager", "Pricing questions"],
    email: ["Sent the revised proposal", "Order confirmation", "Questions about the invoice", "Shared the product roadmap"],
    meeting: ["Quarterly business review", "Kick-off meeting", "Contract negotiation", "Steering group meeting"],
    visit: ["Site visit at the plant", "Visit to the head office", "Installation check on site"],
    sms: ["Confirmed the meeting time", "Reminder about the delivery"],
    chat: ["Quick question about delivery dates", "Chat about the support case"],
    event: ["Met at the trade fair", "Attended our customer seminar", "Webinar on the new release"],
    action: ["Prepared the pricing sheet", "Sent samples", "Booked the training days"],
    decision: ["Client chose the premium service level", "Postponed the upgrade to next year", "Approved the pilot"],
  },
  sv: {
    note: ["Budgetarbetet börjar i september", "Ny beslutsfattare på inköp", "Vill ha kvartalsfakturering", "Öppnar en andra anläggning"],
    call: ["Uppföljande samtal om förlängningen", "Samtal om leveransdatum", "Introduktionssamtal med nya IT-chefen", "Frågor om priser"],
    email: ["Skickade den reviderade offerten", "Orderbekräftelse", "Frågor om fakturan", "Delade produktplanen"],
    meeting: ["Kvartalsgenomgång", "Uppstartsmöte", "Avtalsförhandling", "Styrgruppsmöte"],
    visit: ["Besök i fabriken", "Besök på huvudkontoret", "Installationskontroll på plats"],
    sms: ["Bekräftade mötestiden", "Påminnelse om leveransen"],
    chat: ["Snabb fråga om leveransdatum", "Chatt om supportärendet"],
    event: ["Träffades på mässan", "Deltog i vårt kundseminarium", "Webbinarium om nya versionen"],
    action: ["Tog fram prislistan", "Skickade prover", "Bokade utbildningsdagarna"],
    decision: ["Kunden valde den högre servicenivån", "Uppgraderingen flyttas till nästa år", "Piloten godkänd"],
  },
  zh: {
    note: ["九月开始编制预算", "采购部门有新的决策人", "希望按季度开票", "正在扩建第二个厂区"],
    call: ["关于续约的跟进电话", "确认交货日期", "与新任IT经理的初次通话", "价格咨询"],
    email: ["发送了修订后的报价", "订单确认", "关于发票的问题", "分享了产品路线图"],
    meeting: ["季度业务回顾", "项目启动会", "合同谈判", "指导委员会会议"],
    visit: ["工厂现场拜访", "拜访总部", "现场安装检查"],
    sms: ["确认了会议时间", "交货提醒"],
    chat: ["关于交货日期的简短问题", "关于服务工单的沟通"],
    event: ["在展会上见面", "参加了我们的客户研讨会", "新版本网络研讨会"],
    action: ["准备了报价单", "寄送了样品", "预订了培训日期"],
    decision: ["客户选择了高级服务等级", "升级推迟到明年", "批准了试点项目"],
  },
};

export const timelineSentences: Record<Language, readonly string[]> = {
  en: [
    "They are happy with the current setup but want better reporting.",
    "Delivery must be completed before the end of the quarter.",
    "The new procurement process requires three quotes.",
    "We agreed to send an updated offer next week.",
    "Their team is growing and they need more licences.",
    "Feedback on the last installation was very positive.",
    "They asked for references from similar customers.",
    "Payment terms of 30 days are accepted.",
  ],
  sv: [
    "De är nöjda med nuvarande lösning men vill ha bättre rapporter.",
    "Leveransen måste vara klar före kvartalets slut.",
    "Den nya inköpsprocessen kräver tre offerter.",
    "Vi kom överens om att skicka en uppdaterad offert nästa vecka.",
    "Deras team växer och de behöver fler licenser.",
    "Återkopplingen på senaste installationen var mycket positiv.",
    "De bad om referenser från liknande kunder.",
    "Betalningsvillkor på 30 dagar godtas.",
  ],
  zh: [
    "他们对目前的方案很满意，但希望改进报表。",
    "必须在本季度末之前完成交货。",
    "新的采购流程需要三份报价。",
    "我们约定下周发送更新后的报价。",
    "他们的团队在扩大，需要更多许可证。",
    "上次安装的反馈非常积极。",
    "他们希望提供类似客户的参考案例。",
    "接受30天的付款期限。",
  ],
};

export const outcomes: Record<Language, readonly string[]> = {
  en: ["Positive", "Needs follow-up", "Waiting for their decision", "Offer requested", "No interest right now"],
  sv: ["Positivt", "Kräver uppföljning", "Väntar på deras beslut", "Offert efterfrågad", "Inget intresse just nu"],
  zh: ["积极", "需要跟进", "等待对方决定", "对方索取报价", "目前没有兴趣"],
};

export const contractTitles: Record<Language, readonly string[]> = {
  en: ["Framework agreement", "Service agreement", "Supply agreement", "Maintenance contract"],
  sv: ["Ramavtal", "Serviceavtal", "Leveransavtal", "Underhållsavtal"],
  zh: ["框架协议", "服务协议", "供货合同", "维护合同"],
};

/** Rivals whose contracts prospects are bound by (fictional names). */
export const competitorNames = [
  "Nordvik Systems",
  "Brightline Solutions",
  "Huaxin Technology",
  "Kestrel Industrial",
  "Solberg & Partners",
  "Pacifica Supply",
  "Meridian Services",
  "Tianhe Equipment",
] as const;

/** What a competitor supplies them, in the client's language. */
export const competitorProducts: Record<Language, readonly string[]> = {
  en: ["Service agreement", "Equipment lease", "Maintenance contract", "Software licence", "Framework supply agreement"],
  sv: ["Serviceavtal", "Utrustningsleasing", "Underhållsavtal", "Programvarulicens", "Ramavtal för leveranser"],
  zh: ["服务协议", "设备租赁", "维护合同", "软件许可", "框架供货协议"],
};

/** What the staff give themselves and each other to do about a client. */
export const taskTitles: Record<Language, readonly string[]> = {
  en: [
    "Send the revised offer",
    "Call back about the renewal",
    "Prepare the quarterly review",
    "Book a site visit",
    "Follow up on the overdue invoice",
    "Send the meeting notes",
    "Check the delivery date with logistics",
    "Introduce the new service manager",
    "Update the contact list",
    "Ask for a reference case",
  ],
  sv: [
    "Skicka den reviderade offerten",
    "Ring tillbaka om förlängningen",
    "Förbered kvartalsgenomgången",
    "Boka ett platsbesök",
    "Följ upp den förfallna fakturan",
    "Skicka mötesanteckningarna",
    "Kontrollera leveransdatum med logistik",
    "Presentera den nya serviceansvarige",
    "Uppdatera kontaktlistan",
    "Be om ett referensuppdrag",
  ],
  zh: [
    "发送修改后的报价",
    "回电讨论续约事宜",
    "准备季度回顾",
    "安排现场拜访",
    "跟进逾期发票",
    "发送会议纪要",
    "与物流确认交货日期",
    "介绍新的服务经理",
    "更新联系人名单",
    "请求提供参考案例",
  ],
};

/** The people the demo data is worked by: they own companies and write the timeline. */
export const demoStaff: readonly {
  key: string;
  name: string;
  email: string;
  role: string;
  locale: string;
  timeZone: string;
  /** Hours ahead of UTC in winter: when their working day starts (tasks fall due in it). */
  utcOffset: number;
}[] = [
  {
    key: "manager",
    name: "Margareta Lindholm",
    email: "margareta.lindholm",
    role: "executive",
    locale: "sv",
    timeZone: "Europe/Stockholm",
    utcOffset: 1,
  },
  {
    key: "am1",
    name: "Johan Ekström",
    email: "johan.ekstrom",
    role: "account_manager",
    locale: "sv",
    timeZone: "Europe/Stockholm",
    utcOffset: 1,
  },
  { key: "am2", name: "陈静", email: "chen.jing", role: "account_manager", locale: "zh-CN", timeZone: "Asia/Shanghai", utcOffset: 8 },
  {
    key: "am3",
    name: "Rachel Green",
    email: "rachel.green",
    role: "account_manager",
    locale: "en",
    timeZone: "Europe/London",
    utcOffset: 0,
  },
  { key: "rep1", name: "Sofia Berg", email: "sofia.berg", role: "sales_rep", locale: "sv", timeZone: "Europe/Stockholm", utcOffset: 1 },
  { key: "rep2", name: "王磊", email: "wang.lei", role: "sales_rep", locale: "zh-CN", timeZone: "Asia/Shanghai", utcOffset: 8 },
  {
    key: "rep3",
    name: "Michael Turner",
    email: "michael.turner",
    role: "sales_rep",
    locale: "en",
    timeZone: "America/New_York",
    utcOffset: -5,
  },
  { key: "rep4", name: "Lukas Weber", email: "lukas.weber", role: "sales_rep", locale: "en", timeZone: "Europe/Berlin", utcOffset: 1 },
  {
    key: "service",
    name: "Emma Nyström",
    email: "emma.nystrom",
    role: "service_desk",
    locale: "sv",
    timeZone: "Europe/Stockholm",
    utcOffset: 1,
  },
];
